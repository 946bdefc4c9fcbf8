package io.toolgate.gateway.identity;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.openai.wire.ErrorResponse;

/** 401 and 403 in OpenAI's error shape, with a message that says what to send instead. */
@Component
public class OpenAiSecurityErrors implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	static final String MISSING = "You didn't provide an API key. Send it in an Authorization header using Bearer auth "
			+ "(Authorization: Bearer YOUR_KEY).";

	private final JsonMapper json;

	public OpenAiSecurityErrors(JsonMapper json) {
		this.json = json;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
		String message = failure == null || failure.getMessage() == null || failure.getMessage().contains("Not Authenticated")
				|| failure.getMessage().startsWith("Full authentication") ? MISSING : failure.getMessage();
		if (failure instanceof InvalidBearerTokenException) {
			message = "Incorrect API key provided.";
		}
		exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
		return write(exchange.getResponse(), HttpStatus.UNAUTHORIZED,
				new ErrorResponse.Error(message, "invalid_request_error", null, "invalid_api_key"));
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return write(exchange.getResponse(), HttpStatus.FORBIDDEN, new ErrorResponse.Error(
				"This needs an admin's credentials.", "invalid_request_error", null, "insufficient_permissions"));
	}

	private Mono<Void> write(ServerHttpResponse response, HttpStatus status, ErrorResponse.Error error) {
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		byte[] body = json.writeValueAsBytes(new ErrorResponse(error));
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}
}
