package io.toolgate.gateway.openai.wire;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One message of a chat request. {@code content} stays a JSON node because OpenAI allows a string or an
 * array of content parts (text, image_url, input_audio, file).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
		String role,
		JsonNode content,
		String name,
		List<ToolCall> toolCalls,
		String toolCallId,
		String refusal) {
}
