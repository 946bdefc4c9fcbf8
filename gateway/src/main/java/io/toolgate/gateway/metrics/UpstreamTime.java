package io.toolgate.gateway.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Time one request spent waiting for upstreams, carried in the Reactor context so the router can add to it. */
public final class UpstreamTime {

	private final AtomicLong nanos = new AtomicLong();

	public void add(long elapsedNanos) {
		nanos.addAndGet(elapsedNanos);
	}

	public Duration total() {
		return Duration.ofNanos(nanos.get());
	}
}
