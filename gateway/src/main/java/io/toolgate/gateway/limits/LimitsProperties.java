package io.toolgate.gateway.limits;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Operator limits ({@code toolgate.limits}). Limits on keys and users are set through {@code /api/limits}; models
 * get theirs here.
 *
 * @param models limits per model id (as clients name it), shared by all callers of the model
 * @param defaultModel limits of every model that has no entry in {@code models}; empty = none
 * @param charsPerToken how many bytes of a request body count as one token in the estimate made before it runs
 * @param refreshInterval how often limits set through the admin API on another instance are read again
 */
@ConfigurationProperties("toolgate.limits")
public record LimitsProperties(Map<String, LimitSpec> models, LimitSpec defaultModel, int charsPerToken,
		Duration refreshInterval) {

	public LimitsProperties {
		models = models == null ? Map.of() : Map.copyOf(models);
		charsPerToken = charsPerToken <= 0 ? 4 : charsPerToken;
		refreshInterval = refreshInterval == null ? Duration.ofSeconds(10) : refreshInterval;
	}

	/** The limits of {@code model}, or null when it has none. */
	LimitSpec model(String model) {
		LimitSpec spec = models.get(model);
		if (spec == null) {
			spec = defaultModel;
		}
		return spec == null || spec.empty() ? null : spec;
	}
}
