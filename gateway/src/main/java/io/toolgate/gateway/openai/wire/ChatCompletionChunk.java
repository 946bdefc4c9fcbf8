package io.toolgate.gateway.openai.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One streamed chunk ({@code object: "chat.completion.chunk"}). {@code toolgate} is the gateway's extension
 * field (tool activity, approvals); standard clients ignore it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionChunk(
		String id,
		String object,
		long created,
		String model,
		String systemFingerprint,
		@JsonInclude(JsonInclude.Include.ALWAYS) List<ChunkChoice> choices,
		Usage usage,
		JsonNode toolgate) {

	public static final String OBJECT = "chat.completion.chunk";

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record ChunkChoice(int index, Delta delta,
			@JsonInclude(JsonInclude.Include.ALWAYS) JsonNode logprobs,
			@JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Delta(String role, String content, String refusal, List<ToolCallDelta> toolCalls) {

		public static final Delta EMPTY = new Delta(null, null, null, null);
	}

	/** A tool-call fragment: the first carries id, type and name; later ones carry argument pieces. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ToolCallDelta(int index, String id, String type, FunctionDelta function) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record FunctionDelta(String name, String arguments) {
	}
}
