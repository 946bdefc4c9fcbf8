package io.toolgate.gateway;

import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is sane, otherwise a new one. It is
 * echoed on the response and put in the Reactor context ({@link #CONTEXT_KEY}) so upstream calls carry it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter implements WebFilter {

	public static final String HEADER = "X-Request-Id";

	public static final String CONTEXT_KEY = "toolgate.request-id";

	private static final Pattern SANE = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String given = exchange.getRequest().getHeaders().getFirst(HEADER);
		String id = given != null && SANE.matcher(given).matches() ? given : "req_" + UUID.randomUUID().toString().replace("-", "");
		exchange.getResponse().getHeaders().set(HEADER, id);
		exchange.getAttributes().put(CONTEXT_KEY, id);
		return chain.filter(exchange).contextWrite(context -> context.put(CONTEXT_KEY, id));
	}
}
