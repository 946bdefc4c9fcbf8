package io.toolgate.gateway.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * Caps the connections open at once from one client address, so that one client holding many connections (half-sent
 * requests, idle keep-alives) cannot take all of the server's. A connection over the cap is answered with a 429
 * OpenAI-shaped error and closed before anything it sends is read. Shared by all connections of the server.
 */
@ChannelHandler.Sharable
final class ConnectionsPerAddress extends ChannelInboundHandlerAdapter {

	static final String NAME = "toolgate.connectionsPerAddress";

	private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("toolgate.countedAddress");

	private final int max;

	private final ConcurrentMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

	ConnectionsPerAddress(int max) {
		this.max = max;
	}

	/** Connections open now from this address (for tests and diagnostics). */
	int open(InetAddress address) {
		AtomicInteger count = open.get(address);
		return count == null ? 0 : count.get();
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)) {
			ctx.fireChannelActive();
			return;
		}
		InetAddress address = remote.getAddress();
		int now = open.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
		ctx.channel().attr(COUNTED).set(address);
		if (now > max) {
			refuse(ctx);
			return;
		}
		ctx.fireChannelActive();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (ctx.channel().attr(REFUSED).get() != null) {
			ReferenceCountUtil.release(msg); // refused: nothing it sends is read
			return;
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		InetAddress address = ctx.channel().attr(COUNTED).getAndSet(null);
		if (address != null) {
			open.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
		}
		ctx.fireChannelInactive();
	}

	private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("toolgate.refusedConnection");

	private void refuse(ChannelHandlerContext ctx) {
		ctx.channel().attr(REFUSED).set(Boolean.TRUE);
		String body = "{\"error\":{\"message\":\"Too many connections from your address: at most " + max
				+ " may be open at once (toolgate.server.max-connections-per-address). Close idle connections or "
				+ "reuse them.\",\"type\":\"rate_limit_error\",\"param\":null,\"code\":\"too_many_connections\"}}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: "
				+ bytes.length + "\r\nConnection: close\r\n\r\n";
		// Written from the first handler, so it goes out as raw bytes, past the HTTP encoder.
		ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), bytes))
			.addListener(ChannelFutureListener.CLOSE);
	}
}
