package io.toolgate.gateway.tools;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Plugins as a health component: always up (a broken jar never takes the gateway down); failures in details. */
@Component("plugins")
public class PluginsHealthIndicator implements ReactiveHealthIndicator {

	private final PluginHost plugins;

	public PluginsHealthIndicator(PluginHost plugins) {
		this.plugins = plugins;
	}

	@Override
	public Mono<Health> health() {
		Map<String, Object> details = new LinkedHashMap<>();
		for (PluginInfo plugin : plugins.plugins()) {
			details.put(plugin.jar(), plugin.reason() == null ? plugin.state() : plugin.state() + ": " + plugin.reason());
		}
		return Mono.just(Health.up().withDetails(details).build());
	}
}
