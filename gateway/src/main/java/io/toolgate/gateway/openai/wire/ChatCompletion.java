package io.toolgate.gateway.openai.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A non-streaming chat completion ({@code object: "chat.completion"}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletion(
		String id,
		String object,
		long created,
		String model,
		List<Choice> choices,
		Usage usage,
		String systemFingerprint,
		String serviceTier) {

	public static final String OBJECT = "chat.completion";

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Choice(int index, ResponseMessage message,
			@JsonInclude(JsonInclude.Include.ALWAYS) JsonNode logprobs,
			@JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {
	}

	/** The assistant message of a choice; {@code content} and {@code refusal} are always present, maybe null. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record ResponseMessage(String role,
			@JsonInclude(JsonInclude.Include.ALWAYS) String content,
			@JsonInclude(JsonInclude.Include.ALWAYS) String refusal,
			List<ToolCall> toolCalls) {
	}
}
