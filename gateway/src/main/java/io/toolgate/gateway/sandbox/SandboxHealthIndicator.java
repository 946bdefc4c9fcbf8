package io.toolgate.gateway.sandbox;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

/**
 * The sandbox as a health component, from the last check of the engine (a probe never waits on Docker).
 * An unusable engine is {@code DEGRADED}: readiness stays 200 (chat and every other tool still serve), and the
 * component says why.
 */
class SandboxHealthIndicator implements ReactiveHealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED", "sandboxed tools are unavailable");

	private final SandboxService service;

	SandboxHealthIndicator(SandboxService service) {
		this.service = service;
	}

	@Override
	public Mono<Health> health() {
		String problem = service.problem();
		return Mono.just(problem == null ? Health.up().build()
				: Health.status(DEGRADED).withDetail("error", problem).build());
	}
}
