package io.toolgate.gateway.openai.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Token usage; the detail objects are passed through from upstreams that report them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(int promptTokens, int completionTokens, int totalTokens, JsonNode promptTokensDetails,
		JsonNode completionTokensDetails) {

	public static Usage of(int prompt, int completion) {
		return new Usage(prompt, completion, prompt + completion, null, null);
	}
}
