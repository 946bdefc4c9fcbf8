package io.toolgate.gateway.upstream;

import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs one attempt under an upstream's circuit breaker, like Resilience4j's reactor operator, except that a
 * failure may be left uncounted. The router counts at most one failure per client request and upstream: the
 * same request failing on every retry is one bad request, not three (three retries of two requests used to
 * open a circuit whose minimum was five calls).
 */
final class CircuitPermit {

	private CircuitPermit() {
	}

	/** The attempt, refused with {@link CallNotPermittedException} when the breaker permits no call now. */
	static <T> Flux<T> flux(CircuitBreaker breaker, boolean countFailure, Flux<T> attempt) {
		return Flux.defer(() -> {
			if (!breaker.tryAcquirePermission()) {
				return Flux.error(CallNotPermittedException.createCallNotPermittedException(breaker));
			}
			Outcome outcome = new Outcome(breaker, countFailure);
			return attempt.doOnComplete(outcome::success).doOnError(outcome::failure).doOnCancel(outcome::release);
		});
	}

	/** The attempt, refused with {@link CallNotPermittedException} when the breaker permits no call now. */
	static <T> Mono<T> mono(CircuitBreaker breaker, boolean countFailure, Mono<T> attempt) {
		return Mono.defer(() -> {
			if (!breaker.tryAcquirePermission()) {
				return Mono.error(CallNotPermittedException.createCallNotPermittedException(breaker));
			}
			Outcome outcome = new Outcome(breaker, countFailure);
			return attempt.doOnSuccess(value -> outcome.success()).doOnError(outcome::failure).doOnCancel(outcome::release);
		});
	}

	/** Reports the attempt to the breaker exactly once, whichever signal comes first. */
	private static final class Outcome {

		private final CircuitBreaker breaker;

		private final boolean countFailure;

		private final long start;

		private final AtomicBoolean reported = new AtomicBoolean();

		Outcome(CircuitBreaker breaker, boolean countFailure) {
			this.breaker = breaker;
			this.countFailure = countFailure;
			this.start = breaker.getCurrentTimestamp();
		}

		void success() {
			if (reported.compareAndSet(false, true)) {
				breaker.onSuccess(elapsed(), breaker.getTimestampUnit());
			}
		}

		void failure(Throwable error) {
			if (reported.compareAndSet(false, true)) {
				if (countFailure) {
					// The breaker's own predicate decides whether this failure says the upstream is unhealthy.
					breaker.onError(elapsed(), breaker.getTimestampUnit(), error);
				}
				else {
					// Already counted for this request: the permission goes back without a verdict.
					breaker.releasePermission();
				}
			}
		}

		/** A client that went away says nothing about the upstream. */
		void release() {
			if (reported.compareAndSet(false, true)) {
				breaker.releasePermission();
			}
		}

		private long elapsed() {
			return breaker.getCurrentTimestamp() - start;
		}
	}
}
