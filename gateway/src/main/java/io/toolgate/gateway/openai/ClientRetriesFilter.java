package io.toolgate.gateway.openai;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.upstream.ClientRetries;

/**
 * Tells the router ({@link ClientRetries} in the Reactor context) when the client retries on its own: the
 * official SDKs send {@code X-Stainless-Retry-Count} on every attempt (0 on the first), and a client that sends
 * {@code Idempotency-Key} does so in order to retry safely.
 */
@Component
public class ClientRetriesFilter implements WebFilter {

	static final String STAINLESS_RETRY_COUNT = "X-Stainless-Retry-Count";

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		String signal = headers.getFirst(STAINLESS_RETRY_COUNT) != null ? STAINLESS_RETRY_COUNT
				: headers.getFirst(IDEMPOTENCY_KEY) != null ? IDEMPOTENCY_KEY : null;
		if (signal == null) {
			return chain.filter(exchange);
		}
		ClientRetries retries = new ClientRetries(true, signal);
		return chain.filter(exchange).contextWrite(context -> context.put(ClientRetries.class, retries));
	}
}
