package io.toolgate.gateway.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Sends a call for a model to one of the upstreams that serve it and fails over. Order: upstreams whose
 * circuit is closed first, then fewest requests in flight, ties broken at random so idle upstreams share the load.
 * A call that fails with a retryable error before its first element is tried on the next upstream (after a
 * backoff once every upstream has been tried); once an element has gone to the client, the error is final.
 * Upstreams already tried are tried again only for clients that do not retry themselves ({@link ClientRetries})
 * and only if they did not ask for a pause (Retry-After). A request counts at most one failure against each
 * upstream's circuit breaker, however often it is retried there.
 */
@Component
public class UpstreamRouter {

	private static final Logger log = LoggerFactory.getLogger(UpstreamRouter.class);

	private final RoutingProperties routing;

	private final UpstreamFailures failures;

	private final io.toolgate.gateway.metrics.GatewayMetrics metrics;

	public UpstreamRouter(UpstreamsProperties properties, JsonMapper json, io.toolgate.gateway.metrics.GatewayMetrics metrics) {
		this.routing = properties.routing();
		this.failures = new UpstreamFailures(json);
		this.metrics = metrics;
	}

	/** Records one attempt: its outcome and time, also added to the request's upstream time (for overhead). */
	private void measured(RoutedUpstream routed, long started, boolean success, reactor.util.context.ContextView context) {
		long elapsed = System.nanoTime() - started;
		metrics.upstreamCall(routed.name(), success, Duration.ofNanos(elapsed));
		context.getOrEmpty(io.toolgate.gateway.metrics.UpstreamTime.class)
			.ifPresent(time -> ((io.toolgate.gateway.metrics.UpstreamTime) time).add(elapsed));
	}

	/** A streaming call with failover before the first element. */
	public <T> Flux<T> stream(ModelRoute route, BiFunction<Upstream, String, Flux<T>> call) {
		return Flux.deferContextual(context -> streamAttempt(order(route), 0, call, new ArrayList<>(), retries(context)));
	}

	/** A single-answer call with failover (nothing has reached the client until it answers). */
	public <T> Mono<T> call(ModelRoute route, BiFunction<Upstream, String, Mono<T>> call) {
		return Mono.deferContextual(context -> callAttempt(order(route), 0, call, new ArrayList<>(), retries(context)));
	}

	private static ClientRetries retries(reactor.util.context.ContextView context) {
		return context.getOrDefault(ClientRetries.class, ClientRetries.UNKNOWN);
	}

	private <T> Flux<T> streamAttempt(List<ModelRoute.Target> order, int attempt,
			BiFunction<Upstream, String, Flux<T>> call, List<UpstreamException> failed, ClientRetries retries) {
		ModelRoute.Target target = order.get(attempt % order.size());
		RoutedUpstream routed = target.upstream();
		AtomicBoolean emitted = new AtomicBoolean();
		long[] started = new long[1];
		Flux<T> answer = Flux.defer(() -> call.apply(routed.upstream(), target.upstreamModel()))
			.timeout(Mono.delay(timeout(routed, true)), item -> Mono.delay(timeout(routed, false)))
			.onErrorMap(error -> classify(routed, error))
			.transformDeferred(attemptCall -> CircuitPermit.flux(routed.breaker(), firstFailureOn(routed, failed), attemptCall))
			.onErrorMap(CallNotPermittedException.class, open -> circuitOpen(routed, open))
			.doOnSubscribe(s -> {
				routed.inFlight().incrementAndGet();
				started[0] = System.nanoTime();
			})
			.doFinally(s -> routed.inFlight().decrementAndGet())
			.doOnNext(item -> emitted.set(true))
			.transformDeferredContextual((flux, context) -> flux
				.doOnComplete(() -> measured(routed, started[0], true, context))
				.doOnError(e -> measured(routed, started[0], false, context)));
		return answer.onErrorResume(UpstreamException.class, error -> {
			failed.add(error);
			if (emitted.get() || !mayRetry(error, attempt, order, failed, retries)) {
				return Flux.error(exhausted(failed));
			}
			return Mono.delay(backoff(attempt, order)).thenMany(streamAttempt(order, attempt + 1, call, failed, retries));
		});
	}

	private <T> Mono<T> callAttempt(List<ModelRoute.Target> order, int attempt,
			BiFunction<Upstream, String, Mono<T>> call, List<UpstreamException> failed, ClientRetries retries) {
		ModelRoute.Target target = order.get(attempt % order.size());
		RoutedUpstream routed = target.upstream();
		long[] started = new long[1];
		Mono<T> answer = Mono.defer(() -> call.apply(routed.upstream(), target.upstreamModel()))
			.timeout(timeout(routed, true))
			.onErrorMap(error -> classify(routed, error))
			.transformDeferred(attemptCall -> CircuitPermit.mono(routed.breaker(), firstFailureOn(routed, failed), attemptCall))
			.onErrorMap(CallNotPermittedException.class, open -> circuitOpen(routed, open))
			.doOnSubscribe(s -> {
				routed.inFlight().incrementAndGet();
				started[0] = System.nanoTime();
			})
			.doFinally(s -> routed.inFlight().decrementAndGet())
			.transformDeferredContextual((mono, context) -> mono
				.doOnSuccess(v -> measured(routed, started[0], true, context))
				.doOnError(e -> measured(routed, started[0], false, context)));
		return answer.onErrorResume(UpstreamException.class, error -> {
			failed.add(error);
			if (!mayRetry(error, attempt, order, failed, retries)) {
				return Mono.error(exhausted(failed));
			}
			return Mono.delay(backoff(attempt, order)).then(callAttempt(order, attempt + 1, call, failed, retries));
		});
	}

	/**
	 * Whether to make another attempt. Failing over to an upstream not yet tried is always allowed (within
	 * max-attempts): that is other capacity, not a repeat. Trying an upstream again is not, when the client
	 * retries on its own (its retries would multiply with ours) or when that upstream asked for a pause with
	 * Retry-After (calling it again within milliseconds ignores what it asked).
	 */
	private boolean mayRetry(UpstreamException error, int attempt, List<ModelRoute.Target> order,
			List<UpstreamException> failed, ClientRetries retries) {
		if (!error.retryable() || attempt + 1 >= routing.maxAttempts()) {
			return false;
		}
		String next = order.get((attempt + 1) % order.size()).upstream().name();
		boolean again = attempt + 1 >= order.size();
		if (again && retries.retriesItself()) {
			log.debug("{}; not retrying {}: the client retries itself ({})", error.getMessage(), next, retries.signal());
			return false;
		}
		if (again && failed.stream().anyMatch(f -> next.equals(f.upstream()) && f.retryAfter() != null)) {
			log.debug("{}; not retrying {}: it asked for a pause (Retry-After)", error.getMessage(), next);
			return false;
		}
		log.info("{}; trying {}", error.getMessage(), next);
		metrics.retry(error.upstream(), next);
		return true;
	}

	/** Whether a failure of this attempt is the request's first on this upstream (the only one its breaker counts). */
	private static boolean firstFailureOn(RoutedUpstream routed, List<UpstreamException> failed) {
		return failed.stream().noneMatch(f -> routed.name().equals(f.upstream()) && f.unhealthy());
	}

	private Throwable classify(RoutedUpstream routed, Throwable error) {
		if (error instanceof UpstreamException || error instanceof UnsupportedParameterException) {
			return error;
		}
		return failures.classify(routed.name(), routed.upstream().baseUrl(), error);
	}

	private static UpstreamException circuitOpen(RoutedUpstream routed, CallNotPermittedException open) {
		return new UpstreamException(routed.name(), UpstreamException.Kind.CIRCUIT_OPEN, 0,
				"upstream '" + routed.name() + "' failed repeatedly and is paused (circuit open)", null, open);
	}

	private Duration timeout(RoutedUpstream routed, boolean first) {
		return first ? routed.properties().responseTimeout() : routed.properties().idleTimeout();
	}

	/** No wait while untried upstreams remain; exponential backoff once they are being tried again. */
	private Duration backoff(int attempt, List<ModelRoute.Target> order) {
		int round = (attempt + 1) / order.size();
		if ((attempt + 1) % order.size() != 0 || round == 0) {
			return Duration.ZERO;
		}
		return routing.backoff().multipliedBy(1L << Math.min(round - 1, 6));
	}

	/** The failure to report: the last real one (an open circuit only says an earlier failure repeated). */
	private static UpstreamException exhausted(List<UpstreamException> failed) {
		UpstreamException last = failed.get(failed.size() - 1);
		for (int i = failed.size() - 1; i >= 0; i--) {
			if (failed.get(i).kind() != UpstreamException.Kind.CIRCUIT_OPEN) {
				last = failed.get(i);
				break;
			}
		}
		if (failed.size() == 1) {
			return last;
		}
		StringBuilder message = new StringBuilder("all ").append(failed.size()).append(" attempts failed: ");
		for (int i = 0; i < failed.size(); i++) {
			message.append(i == 0 ? "" : "; ").append(failed.get(i).getMessage());
		}
		return new UpstreamException(last.upstream(), last.kind(), last.status(), message.toString(), last.retryAfter(),
				last);
	}

	/**
	 * Closed circuits first, then fewest in flight; ties are broken at random (a rotation would fall into step
	 * with clients whose requests alternate, sending all of one kind to the same upstream).
	 */
	List<ModelRoute.Target> order(ModelRoute route) {
		List<ModelRoute.Target> targets = new ArrayList<>(route.targets());
		if (targets.size() == 1) {
			return targets;
		}
		java.util.Collections.shuffle(targets, java.util.concurrent.ThreadLocalRandom.current());
		targets.sort(Comparator.<ModelRoute.Target>comparingInt(t -> t.upstream().open() ? 1 : 0)
			.thenComparingInt(t -> t.upstream().inFlight().get()));
		return targets;
	}
}
