package io.toolgate.gateway.metrics;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.toolgate.gateway.tools.PluginHost;
import io.toolgate.gateway.tools.PluginStatus;
import io.toolgate.gateway.upstream.UpstreamRegistry;

/**
 * Meters that come from libraries or from state: Spring AI's {@code gen_ai.client.*} (its meter observation
 * handler on Boot's registry), circuit-breaker state per upstream (resilience4j), requests in flight per
 * upstream, and plugin jars by state.
 */
@Configuration(proxyBeanMethods = false)
public class MeterBindings {

	@Bean
	ChatModelMeterObservationHandler chatModelMeterObservationHandler(MeterRegistry registry) {
		return new ChatModelMeterObservationHandler(registry);
	}

	@Bean
	SmartInitializingSingleton bindGatewayMeters(MeterRegistry registry, GatewayMetrics metrics, UpstreamRegistry upstreams,
			PluginHost plugins) {
		return () -> {
			TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(upstreams.breakers()).bindTo(registry);
			upstreams.all().forEach(routed -> metrics.upstreamInFlight(routed.name(), () -> routed.inFlight().get()));
			for (PluginStatus state : PluginStatus.values()) {
				metrics.plugins(state.name().toLowerCase(java.util.Locale.ROOT),
						() -> plugins.plugins().stream().filter(p -> p.state() == state).count());
			}
		};
	}
}
