package io.toolgate.gateway.upstream;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Readiness of the upstreams, from what the gateway already knows (circuit state, whether the last model
 * listing reached the upstream), so a health probe never sends traffic upstream. Up while at least one
 * upstream is usable; each upstream's state is in the details.
 */
@Component("upstreams")
public class UpstreamsHealthIndicator implements ReactiveHealthIndicator {

	private final UpstreamRegistry registry;

	private final ModelCatalog catalog;

	public UpstreamsHealthIndicator(UpstreamRegistry registry, ModelCatalog catalog) {
		this.registry = registry;
		this.catalog = catalog;
	}

	@Override
	public Mono<Health> health() {
		Map<String, Object> details = new LinkedHashMap<>();
		boolean anyUsable = false;
		for (RoutedUpstream routed : registry.all()) {
			boolean reachable = catalog.lastDiscoverySucceeded(routed.name());
			boolean usable = !routed.open() && reachable;
			anyUsable |= usable;
			details.put(routed.name(), Map.of("type", routed.upstream().type().name().toLowerCase(java.util.Locale.ROOT),
					"circuit", routed.breaker().getState().name().toLowerCase(java.util.Locale.ROOT),
					"reachable", reachable, "in_flight", routed.inFlight().get()));
		}
		Health.Builder health = anyUsable || registry.all().isEmpty() ? Health.up() : Health.down();
		return Mono.just(health.withDetails(details).build());
	}
}
