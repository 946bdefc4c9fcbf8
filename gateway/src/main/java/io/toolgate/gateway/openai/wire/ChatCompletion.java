package io.toolgate.gateway.openai.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A non-streaming chat completion ({@code object: "chat.completion"}). When a server-side tool call waits for
 * approval, the seed-style {@code requires_approval}, {@code request_id} and {@code tool} fields and the
 * {@code toolgate} extension say so.
 */
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
		String serviceTier,
		Boolean requiresApproval,
		String requestId,
		String tool,
		JsonNode toolgate) {

	public static final String OBJECT = "chat.completion";

	/** A completion without the gateway's approval fields. */
	public ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage,
			String systemFingerprint, String serviceTier) {
		this(id, object, created, model, choices, usage, systemFingerprint, serviceTier, null, null, null, null);
	}

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
