package io.toolgate.gateway.openai.wire;

import java.util.List;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code {"object":"list","data":[{"object":"embedding","index","embedding"}],"model","usage"}}. */
public record EmbeddingsResponse(String object, List<Embedding> data, String model, EmbeddingUsage usage) {

	/** {@code embedding} is a float array, or a base64 string of little-endian float32 values. */
	public record Embedding(String object, int index, Object embedding) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record EmbeddingUsage(int promptTokens, int totalTokens) {
	}
}
