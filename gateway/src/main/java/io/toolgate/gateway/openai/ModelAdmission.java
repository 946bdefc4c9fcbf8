package io.toolgate.gateway.openai;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Lets a model request through once its model is known, or refuses it (the operator limits put one on each
 * model request, see {@code limits.RateLimitFilter}). The controllers call it after parsing the body and before
 * any upstream work; without one in the exchange everything is admitted.
 */
public interface ModelAdmission {

	/** Exchange attribute holding the request's admission. */
	String ATTRIBUTE = ModelAdmission.class.getName();

	/** Completes when {@code model} may be asked with a body of {@code requestBytes}; errors with the refusal. */
	Mono<Void> admit(String model, int requestBytes);

	static Mono<Void> admit(ServerWebExchange exchange, String model, byte[] body) {
		ModelAdmission admission = exchange.getAttribute(ATTRIBUTE);
		return admission == null ? Mono.empty() : admission.admit(model, body == null ? 0 : body.length);
	}
}
