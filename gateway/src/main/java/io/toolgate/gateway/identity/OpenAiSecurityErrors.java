package io.toolgate.gateway.identity;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.openai.OpenAiException;

/** 401 and 403 in OpenAI's error shape, with a message that says what to send instead. */
@Component
public class OpenAiSecurityErrors implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	static final String MISSING = "You didn't provide an API key. Send it in an Authorization header using Bearer auth "
			+ "(Authorization: Bearer YOUR_KEY).";

	private final io.toolgate.gateway.openai.OpenAiErrorWebExceptionHandler writer;

	public OpenAiSecurityErrors(io.toolgate.gateway.openai.OpenAiErrorWebExceptionHandler writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
		String message = failure == null || failure.getMessage() == null || failure.getMessage().contains("Not Authenticated")
				|| failure.getMessage().startsWith("Full authentication") ? MISSING : failure.getMessage();
		if (failure instanceof InvalidBearerTokenException) {
			message = "Incorrect API key provided.";
		}
		exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
		return writer.write(exchange.getResponse(), new OpenAiException(HttpStatus.UNAUTHORIZED, "invalid_request_error",
				message, null, "invalid_api_key", null));
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return writer.write(exchange.getResponse(), new OpenAiException(HttpStatus.FORBIDDEN, "invalid_request_error",
				"This needs an admin's credentials.", null, "insufficient_permissions", null));
	}
}
