package io.toolgate.gateway.upstream;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.upstream.llamacpp.LlamaCppUpstream;
import io.toolgate.gateway.upstream.ollama.OllamaUpstream;
import io.toolgate.gateway.upstream.openai.OpenAiUpstream;

/** Builds every configured upstream once, with its HTTP clients and circuit breaker, and closes them at shutdown. */
@Component
public class UpstreamRegistry implements DisposableBean {

	private final List<RoutedUpstream> upstreams = new ArrayList<>();

	private final List<UpstreamHttpClients> clients = new ArrayList<>();

	private final Scheduler blockingCalls = Schedulers.newBoundedElastic(64, 10_000, "upstream-blocking");

	private final CircuitBreakerRegistry breakers;

	public UpstreamRegistry(UpstreamsProperties properties, JsonMapper json, ObservationRegistry observations) {
		RoutingProperties routing = properties.routing();
		RoutingProperties.CircuitBreakerProperties cb = routing.circuitBreaker();
		this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.failureRateThreshold(cb.failureRateThreshold())
			.minimumNumberOfCalls(cb.minimumCalls())
			.slidingWindowSize(cb.windowSize())
			.waitDurationInOpenState(cb.openDuration())
			// Half-open comes by itself once open-duration is over: waiting for a call to find the circuit would
			// never happen while a peer answers, since open circuits are tried last.
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.permittedNumberOfCallsInHalfOpenState(cb.halfOpenCalls())
			.recordException(e -> e instanceof UpstreamException failure && failure.unhealthy())
			.build());
		Set<String> names = new HashSet<>();
		List<UpstreamProperties> configured = properties.upstreams();
		for (int i = 0; i < configured.size(); i++) {
			UpstreamProperties upstream = validate(configured.get(i), i, names).withDefaults(routing);
			Upstream built;
			if (upstream.type() == UpstreamType.LLAMACPP) {
				built = new LlamaCppUpstream(upstream, json);
			}
			else {
				UpstreamHttpClients http = new UpstreamHttpClients(upstream);
				clients.add(http);
				built = upstream.type() == UpstreamType.OLLAMA
						? new OllamaUpstream(upstream, http, json, observations, blockingCalls)
						: new OpenAiUpstream(upstream, http, json);
			}
			upstreams.add(new RoutedUpstream(built, upstream, breakers.circuitBreaker(upstream.name()), new AtomicInteger(), i));
		}
	}

	private static UpstreamProperties validate(UpstreamProperties upstream, int index, Set<String> names) {
		String where = "toolgate.upstreams[" + index + "]";
		if (upstream.name() == null || upstream.name().isBlank()) {
			throw new IllegalStateException(where + ".name is required");
		}
		if (!names.add(upstream.name())) {
			throw new IllegalStateException(where + ".name '" + upstream.name() + "' is used by two upstreams");
		}
		if (upstream.type() == null) {
			throw new IllegalStateException(where + ".type is required (ollama, openai or llamacpp)");
		}
		if (upstream.type() == UpstreamType.LLAMACPP) {
			if (upstream.models().isEmpty()) {
				throw new IllegalStateException(where + ".models must map at least one model key to a GGUF file");
			}
			return upstream;
		}
		if (upstream.baseUrl() == null || !upstream.baseUrl().matches("https?://.+")) {
			throw new IllegalStateException(where + ".base-url must be an http(s) URL, was '" + upstream.baseUrl() + "'");
		}
		return upstream;
	}

	public List<RoutedUpstream> all() {
		return List.copyOf(upstreams);
	}

	public CircuitBreakerRegistry breakers() {
		return breakers;
	}

	@Override
	public void destroy() {
		for (RoutedUpstream routed : upstreams) {
			if (routed.upstream() instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception e) {
					// Shutdown goes on: one upstream that fails to close must not keep the others open.
					org.slf4j.LoggerFactory.getLogger(UpstreamRegistry.class)
						.warn("closing upstream '{}' failed: {}", routed.name(), e.toString());
				}
			}
		}
		clients.forEach(UpstreamHttpClients::close);
		blockingCalls.dispose();
	}
}
