package io.toolgate.gateway.upstream;

import java.time.Duration;
import java.util.Map;

import io.toolgate.gateway.upstream.llamacpp.LlamaCppProperties;

/**
 * One configured upstream ({@code toolgate.upstreams[i]}). Timeouts left empty take the values of
 * {@code toolgate.routing}.
 *
 * @param name unique name, shown in errors, metrics and {@code owned_by}
 * @param type wire protocol
 * @param baseUrl for OpenAI-compatible servers this includes {@code /v1}; not used by {@code llamacpp}
 * @param apiKey bearer token sent upstream; empty means no Authorization header
 * @param models static model ids, public id to upstream id, added to what discovery finds; for
 *        {@code llamacpp} public id to GGUF file path
 * @param discover whether to list the upstream's models ({@code /api/tags} or {@code /v1/models})
 * @param llamacpp settings of the in-process llama.cpp runtime (only for {@code type: llamacpp})
 */
public record UpstreamProperties(String name, UpstreamType type, String baseUrl, String apiKey,
		Map<String, String> models, Boolean discover, Duration connectTimeout, Duration responseTimeout,
		Duration idleTimeout, LlamaCppProperties llamacpp) {

	public UpstreamProperties {
		models = models == null ? Map.of() : Map.copyOf(models);
		discover = discover == null ? Boolean.TRUE : discover;
		apiKey = apiKey == null ? "" : apiKey;
		llamacpp = llamacpp == null ? LlamaCppProperties.standard() : llamacpp;
	}

	public UpstreamProperties withDefaults(RoutingProperties routing) {
		return new UpstreamProperties(name, type, baseUrl, apiKey, models, discover,
				connectTimeout != null ? connectTimeout : routing.connectTimeout(),
				responseTimeout != null ? responseTimeout : routing.responseTimeout(),
				idleTimeout != null ? idleTimeout : routing.idleTimeout(), llamacpp);
	}
}
