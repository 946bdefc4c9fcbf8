package io.toolgate.gateway.openai;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.openai.wire.ErrorResponse;

/**
 * Requests that Netty cannot even decode (a request line longer than its limit, e.g. a 60,000-character path;
 * headers over their limit; a garbled request line) never reach WebFlux. Reactor Netty would answer them with an
 * empty body; this handler, placed right after the HTTP codec, answers them as every other error: an OpenAI error
 * body (414, 431 or 400), then closes the connection, whose input Netty has stopped reading.
 */
@Component
class HttpDecodingFailures implements NettyServerCustomizer {

	private final Handler handler;

	HttpDecodingFailures(JsonMapper json) {
		this.handler = new Handler(json);
	}

	@Override
	public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, "toolgate.httpDecodingFailures", handler);
			}
		});
	}

	@ChannelHandler.Sharable
	static final class Handler extends ChannelInboundHandlerAdapter {

		private final JsonMapper json;

		Handler(JsonMapper json) {
			this.json = json;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (!(msg instanceof HttpObject http) || !http.decoderResult().isFailure()) {
				ctx.fireChannelRead(msg);
				return;
			}
			DecoderResult result = http.decoderResult();
			ReferenceCountUtil.release(msg);
			Throwable cause = result.cause();
			FullHttpResponse response;
			if (cause instanceof TooLongHttpLineException) {
				response = error(HttpResponseStatus.REQUEST_URI_TOO_LONG,
						"The request URL is too long: the request line may have at most "
								+ "server.netty.max-initial-line-length bytes (4 KB by default).",
						"url_too_long");
			}
			else if (cause instanceof TooLongHttpHeaderException) {
				response = error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
						"The request headers are too large.", "request_headers_too_large");
			}
			else {
				response = error(HttpResponseStatus.BAD_REQUEST, "The request is not valid HTTP.", "invalid_http");
			}
			ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
		}

		private FullHttpResponse error(HttpResponseStatus status, String message, String code) {
			byte[] body = json.writeValueAsBytes(
					new ErrorResponse(new ErrorResponse.Error(message, "invalid_request_error", null, code)));
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
					Unpooled.wrappedBuffer(body));
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
				.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			return response;
		}
	}
}
