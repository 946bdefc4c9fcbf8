package io.toolgate.gateway.upstream;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** An upstream with the router's bookkeeping: its circuit breaker, its requests in flight, its position. */
public record RoutedUpstream(Upstream upstream, UpstreamProperties properties, CircuitBreaker breaker,
		AtomicInteger inFlight, int position) {

	public String name() {
		return upstream.name();
	}

	public boolean open() {
		return breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
	}
}
