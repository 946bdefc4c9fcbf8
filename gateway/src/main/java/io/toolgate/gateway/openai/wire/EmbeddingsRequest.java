package io.toolgate.gateway.openai.wire;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The body of {@code POST /v1/embeddings}; {@code input} is a string, an array of strings or of token arrays. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EmbeddingsRequest(String model, JsonNode input, String encodingFormat, Integer dimensions, String user,
		@JsonAnySetter Map<String, JsonNode> extra) {

	public EmbeddingsRequest {
		extra = extra == null ? new LinkedHashMap<>() : extra;
	}

	public boolean base64() {
		return "base64".equals(encodingFormat);
	}
}
