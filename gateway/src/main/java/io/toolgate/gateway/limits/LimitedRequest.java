package io.toolgate.gateway.limits;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.conversation.UsageObserver;
import io.toolgate.gateway.identity.ToolgateAuthentication;
import io.toolgate.gateway.openai.ModelAdmission;

/**
 * One model request under the limits: admitted by the controller once the model is known (writing the
 * {@code x-ratelimit-*} headers, or refusing with them), settled when the turn reports its usage, and given its
 * estimate back when it fails without any.
 */
class LimitedRequest implements ModelAdmission, UsageObserver {

	private final RateLimiter limiter;

	private final ServerWebExchange exchange;

	private volatile Admission admission;

	private final AtomicBoolean settled = new AtomicBoolean();

	LimitedRequest(RateLimiter limiter, ServerWebExchange exchange) {
		this.limiter = limiter;
		this.exchange = exchange;
	}

	@Override
	public Mono<Void> admit(String model, int requestBytes) {
		return exchange.getPrincipal()
			.filter(ToolgateAuthentication.class::isInstance)
			.map(principal -> ((ToolgateAuthentication) principal).getPrincipal())
			.flatMap(user -> limiter.admit(user, model, requestBytes))
			.doOnNext(admitted -> {
				admission = admitted;
				if (admitted.limited()) {
					RateLimitHeaders.write(exchange.getResponse().getHeaders(), admitted.requests(), admitted.tokens());
				}
			})
			.doOnError(LimitRefusal.class, this::refused)
			.then();
	}

	private void refused(LimitRefusal refusal) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		if (refusal.probe() != null) {
			RateLimitHeaders.write(headers, refusal.kind().equals("requests") ? refusal.probe() : null,
					refusal.kind().equals("tokens") ? refusal.probe() : null);
			// The SDKs prefer the exact wait over Retry-After's whole seconds.
			headers.set("retry-after-ms", Long.toString((refusal.nanosToWait() + 999_999) / 1_000_000));
		}
		else {
			// A spent budget does not come back by retrying soon.
			headers.set("x-should-retry", "false");
		}
	}

	@Override
	public void used(int promptTokens, int completionTokens) {
		Admission admitted = admission;
		if (admitted != null && admitted.limited() && settled.compareAndSet(false, true)) {
			limiter.settle(admitted, (long) promptTokens + completionTokens);
		}
	}

	/** The exchange ended; {@code succeeded} when it answered 2xx without an error. */
	void finished(boolean succeeded) {
		Admission admitted = admission;
		if (admitted != null && admitted.limited() && settled.compareAndSet(false, true) && !succeeded) {
			limiter.release(admitted);
		}
	}

}
