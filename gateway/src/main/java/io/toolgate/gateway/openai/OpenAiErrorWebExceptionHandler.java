package io.toolgate.gateway.openai;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Every error that reaches the web layer leaves as an OpenAI error body with the matching status. */
@Component
@Order(-2)
public class OpenAiErrorWebExceptionHandler implements WebExceptionHandler {

	private final OpenAiErrors errors;

	private final JsonMapper json;

	public OpenAiErrorWebExceptionHandler(OpenAiErrors errors, JsonMapper json) {
		this.errors = errors;
		this.json = json;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(failure);
		}
		return write(exchange.getResponse(), errors.toOpenAi(failure));
	}

	/** Writes an error as OpenAI's body with its status (and Retry-After when it has one). */
	public Mono<Void> write(ServerHttpResponse response, OpenAiException error) {
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(error.status());
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		if (error.status().value() == 413) {
			// The body was refused before it was read to the end: this connection cannot carry another request,
			// and a client that reused it would find it closed under its next one.
			response.getHeaders().set(org.springframework.http.HttpHeaders.CONNECTION, "close");
		}
		if (error.retryAfter() != null) {
			response.getHeaders().set("Retry-After", Long.toString(Math.max(1, error.retryAfter().toSeconds())));
		}
		DataBuffer body = response.bufferFactory().wrap(json.writeValueAsBytes(errors.body(error)));
		return response.writeWith(Mono.just(body));
	}
}
