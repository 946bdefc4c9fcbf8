package io.toolgate.gateway.upstream;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The upstream part of the {@code toolgate} configuration; defaults live in {@code application.yml}.
 *
 * @param upstreams ordered upstreams; a model is served by every upstream that lists it
 * @param aliases extra public model ids, alias to model id (e.g. {@code gpt-4o: llama3.2:latest})
 * @param routing retries, timeouts, circuit breaking and discovery
 */
@ConfigurationProperties("toolgate")
public record UpstreamsProperties(List<UpstreamProperties> upstreams, Map<String, String> aliases,
		RoutingProperties routing) {

	public UpstreamsProperties {
		upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
		aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
	}
}
