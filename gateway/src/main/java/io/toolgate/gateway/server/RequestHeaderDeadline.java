package io.toolgate.gateway.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Disconnects a client whose request headers are not complete within the deadline, counted from the connection's
 * opening and again from the end of each answer. An idle timeout alone does not stop a client that sends one header
 * byte every few seconds ("slowloris"); this does. Sits right after the HTTP decoder, one instance per connection.
 */
final class RequestHeaderDeadline extends ChannelDuplexHandler {

	static final String NAME = "toolgate.requestHeaderDeadline";

	private final Duration deadline;

	private ScheduledFuture<?> timer;

	RequestHeaderDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		if (ctx.channel().isActive()) {
			start(ctx);
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		start(ctx);
		ctx.fireChannelActive();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest) {
			cancel(); // headers complete; the body has its own read timeout
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (msg instanceof LastHttpContent) {
			// The answer is done: the next request on this connection gets a fresh deadline.
			ctx.write(msg, promise).addListener(future -> {
				if (future.isSuccess() && ctx.channel().isActive()) {
					start(ctx);
				}
			});
			return;
		}
		ctx.write(msg, promise);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancel();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancel();
	}

	private void start(ChannelHandlerContext ctx) {
		if (timer != null && !timer.isDone()) {
			return;
		}
		timer = ctx.executor().schedule(() -> ctx.channel().close().addListener(ChannelFutureListener.CLOSE),
				deadline.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void cancel() {
		if (timer != null) {
			timer.cancel(false);
			timer = null;
		}
	}
}
