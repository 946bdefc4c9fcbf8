package io.toolgate.gateway.upstream;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Readiness of the upstreams, from what the gateway already knows (circuit state, the last model listing), so a
 * health probe never sends traffic upstream (only the very first probe may wait for the first listing). Up while
 * at least one upstream can serve a model: its circuit is not open, its last listing answered, and it has at
 * least one servable model. Down otherwise, which {@code /actuator/health} answers with 503. Each upstream's
 * state is in the details.
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
		return catalog.firstRefresh().onErrorComplete().then(Mono.fromSupplier(this::judge));
	}

	private Health judge() {
		Map<String, Object> details = new LinkedHashMap<>();
		boolean anyServing = false;
		for (RoutedUpstream routed : registry.all()) {
			boolean reachable = catalog.lastDiscoverySucceeded(routed.name());
			int models = catalog.servableModels(routed);
			anyServing |= !routed.open() && reachable && models > 0;
			details.put(routed.name(), Map.of("type", routed.upstream().type().name().toLowerCase(Locale.ROOT),
					"circuit", routed.breaker().getState().name().toLowerCase(Locale.ROOT), "reachable", reachable,
					"models", models, "in_flight", routed.inFlight().get()));
		}
		Health.Builder health = anyServing || registry.all().isEmpty() ? Health.up()
				: Health.down().withDetail("reason", "no upstream can serve any model");
		return health.withDetails(details).build();
	}
}
