package io.toolgate.gateway.openai;

import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.wire.ChatCompletionRequest;

/** {@code POST /v1/chat/completions}, streaming (server-sent events) and not. */
@RestController
public class ChatCompletionsController {

	private final RequestBodyReader reader;

	private final ChatCompletionService service;

	private final SseChunkWriter sse;

	private final StreamProperties streamProperties;

	private final JsonMapper json;

	public ChatCompletionsController(RequestBodyReader reader, ChatCompletionService service, SseChunkWriter sse,
			StreamProperties streamProperties, JsonMapper json) {
		this.reader = reader;
		this.service = service;
		this.sse = sse;
		this.streamProperties = streamProperties;
		this.json = json;
	}

	@PostMapping("/v1/chat/completions")
	public Mono<Void> create(@RequestBody(required = false) byte[] body, ServerWebExchange exchange,
			@AuthenticationPrincipal CurrentUser user,
			@RequestHeader(name = "X-Session-Id", required = false) String sessionHeader) {
		ChatCompletionRequest request = reader.read(body, ChatCompletionRequest.class);
		exchange.getAttributes().put(io.toolgate.gateway.metrics.RequestMetricsFilter.MODEL, String.valueOf(request.model()));
		exchange.getAttributes().put(io.toolgate.gateway.metrics.RequestMetricsFilter.STREAM, request.streaming());
		return ModelAdmission.admit(exchange, request.model(), body)
			.then(Mono.defer(() -> respond(exchange, user, sessionHeader, request)));
	}

	private Mono<Void> respond(ServerWebExchange exchange, CurrentUser user, String sessionHeader,
			ChatCompletionRequest request) {
		String approveUrl = io.toolgate.gateway.approval.ApprovalController.approveUrl(exchange);
		ServerHttpResponse response = exchange.getResponse();
		DataBufferFactory buffers = response.bufferFactory();
		if (request.streaming()) {
			response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
			response.getHeaders().setCacheControl("no-cache");
			response.getHeaders().set("X-Accel-Buffering", "no");
			// writeWith, not writeAndFlushWith: Reactor Netty flushes when a burst of chunks has been written, so
			// a lone token goes out at once while tokens that arrive together share one flush (one syscall).
			return response.writeWith(sse.encode(service.stream(user, sessionHeader, request, approveUrl),
					streamProperties.keepAlive()).map(buffers::wrap));
		}
		return service.complete(user, sessionHeader, request, approveUrl).flatMap(completion -> {
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			byte[] bytes = json.writeValueAsBytes(completion);
			response.getHeaders().set(HttpHeaders.CONTENT_LENGTH, Integer.toString(bytes.length));
			return response.writeWith(Mono.just(buffers.wrap(bytes)));
		});
	}
}
