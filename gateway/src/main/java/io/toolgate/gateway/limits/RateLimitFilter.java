package io.toolgate.gateway.limits;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import io.toolgate.gateway.conversation.UsageObserver;
import io.toolgate.gateway.openai.ModelAdmission;

/**
 * Puts model requests ({@code POST /v1/chat/completions}, {@code POST /v1/embeddings}) under the operator limits.
 * The model is in the body, which the controller reads, so the filter hands the request a {@link LimitedRequest}
 * (exchange attribute for the admission, Reactor context for the usage) and settles it when the exchange ends.
 * Runs after authentication (ordinary filter order), so the caller is known.
 */
@Component
public class RateLimitFilter implements WebFilter {

	private final RateLimiter limiter;

	public RateLimitFilter(RateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		if (exchange.getRequest().getMethod() != HttpMethod.POST
				|| !(path.equals("/v1/chat/completions") || path.equals("/v1/embeddings"))) {
			return chain.filter(exchange);
		}
		LimitedRequest request = new LimitedRequest(limiter, exchange);
		exchange.getAttributes().put(ModelAdmission.ATTRIBUTE, request);
		AtomicBoolean failed = new AtomicBoolean();
		return chain.filter(exchange)
			.doOnError(error -> failed.set(true))
			.contextWrite(context -> context.put(UsageObserver.class, request))
			.doFinally(signal -> {
				HttpStatusCode status = exchange.getResponse().getStatusCode();
				request.finished(signal == SignalType.ON_COMPLETE && !failed.get()
						&& (status == null || status.is2xxSuccessful()));
			});
	}
}
