package io.toolgate.gateway.openai;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.openai.wire.ToolCall;
import io.toolgate.gateway.openai.wire.ToolDefinition;

/**
 * Checks a chat request against OpenAI's rules before any upstream sees it, so every client gets the same
 * clear 400 naming the parameter, whichever upstream would have served it.
 */
@Component
public class ChatRequestValidator {

	private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

	private static final Set<String> PART_TYPES = Set.of("text", "image_url", "input_audio", "file", "refusal");

	private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

	public void validate(ChatCompletionRequest request) {
		if (request.model() == null || request.model().isBlank()) {
			throw OpenAiException.invalidRequest("you must provide a model parameter", "model");
		}
		if (request.messages() == null || request.messages().isEmpty()) {
			throw OpenAiException.invalidRequest("'messages' must be a non-empty array of messages", "messages");
		}
		for (int i = 0; i < request.messages().size(); i++) {
			validateMessage(request.messages().get(i), "messages[" + i + "]");
		}
		range(request.temperature(), 0, 2, "temperature");
		range(request.topP(), 0, 1, "top_p");
		range(request.presencePenalty(), -2, 2, "presence_penalty");
		range(request.frequencyPenalty(), -2, 2, "frequency_penalty");
		if (request.n() != null && (request.n() < 1 || request.n() > 128)) {
			throw OpenAiException.invalidRequest("'n' must be between 1 and 128", "n", "integer_out_of_range");
		}
		if (request.maxTokens() != null && request.maxTokens() < 1) {
			throw OpenAiException.invalidRequest("'max_tokens' must be at least 1", "max_tokens", "integer_below_min_value");
		}
		if (request.maxCompletionTokens() != null && request.maxCompletionTokens() < 1) {
			throw OpenAiException.invalidRequest("'max_completion_tokens' must be at least 1", "max_completion_tokens",
					"integer_below_min_value");
		}
		if (request.maxTokens() != null && request.maxCompletionTokens() != null) {
			throw OpenAiException.invalidRequest("Send either 'max_tokens' or 'max_completion_tokens', not both",
					"max_tokens");
		}
		if (request.topLogprobs() != null && (request.topLogprobs() < 0 || request.topLogprobs() > 20)) {
			throw OpenAiException.invalidRequest("'top_logprobs' must be between 0 and 20", "top_logprobs");
		}
		if (request.streamOptions() != null && !request.streaming()) {
			throw OpenAiException.invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.",
					"stream_options");
		}
		validateStop(request.stop());
		validateResponseFormat(request.responseFormat());
		validateTools(request.tools(), request.toolChoice());
		JsonNode available = request.extra().get("available_tools");
		if (available != null && !(available.isArray() && available.valueStream().allMatch(JsonNode::isString))) {
			throw OpenAiException.invalidRequest("'available_tools' must be an array of tool names", "available_tools");
		}
		String mode = request.approvalMode();
		if (mode != null && !mode.equals("wait") && !mode.equals("return")) {
			throw OpenAiException.invalidRequest("'toolgate.approval_mode' must be 'wait' or 'return'",
					"toolgate.approval_mode");
		}
	}

	private static void validateMessage(ChatMessage message, String where) {
		if (message == null) {
			throw OpenAiException.invalidRequest("a message must be an object", where);
		}
		if (message.role() == null || !ROLES.contains(message.role())) {
			throw OpenAiException.invalidRequest("Invalid value for 'role': '" + message.role()
					+ "'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.", where + ".role");
		}
		JsonNode content = message.content();
		boolean noContent = content == null || content.isNull();
		if (noContent && !"assistant".equals(message.role())) {
			throw OpenAiException.invalidRequest("'content' is required for " + message.role() + " messages",
					where + ".content");
		}
		if ("assistant".equals(message.role()) && noContent
				&& (message.toolCalls() == null || message.toolCalls().isEmpty())) {
			throw OpenAiException.invalidRequest("an assistant message needs 'content' or 'tool_calls'", where + ".content");
		}
		if (!noContent && !content.isString()) {
			if (!content.isArray()) {
				throw OpenAiException.invalidRequest("'content' must be a string or an array of content parts",
						where + ".content");
			}
			for (int j = 0; j < content.size(); j++) {
				JsonNode part = content.get(j);
				String type = part.path("type").asString("");
				if (!PART_TYPES.contains(type)) {
					throw OpenAiException.invalidRequest("Invalid content part type '" + type + "'",
							where + ".content[" + j + "].type");
				}
				if ("text".equals(type) && !part.path("text").isString()) {
					throw OpenAiException.invalidRequest("a text part needs a 'text' string", where + ".content[" + j + "].text");
				}
				if ("file".equals(type) && !part.path("file").path("file_id").isString()
						&& !part.path("file").path("file_data").isString()) {
					throw OpenAiException.invalidRequest("a file part needs 'file.file_id' (an uploaded file) or "
							+ "'file.file_data' (base64 data)", where + ".content[" + j + "].file");
				}
				if ("image_url".equals(type) && !part.path("image_url").path("url").isString()) {
					throw OpenAiException.invalidRequest("an image_url part needs 'image_url.url'",
							where + ".content[" + j + "].image_url");
				}
				if ("image_url".equals(type)) {
					ImageUrls.check(part.path("image_url").path("url").asString(),
							where + ".content[" + j + "].image_url.url");
				}
			}
		}
		if ("tool".equals(message.role()) && (message.toolCallId() == null || message.toolCallId().isBlank())) {
			throw OpenAiException.invalidRequest("a tool message needs 'tool_call_id'", where + ".tool_call_id");
		}
		if (message.toolCalls() != null) {
			for (int j = 0; j < message.toolCalls().size(); j++) {
				ToolCall call = message.toolCalls().get(j);
				if (call == null || call.id() == null || call.function() == null || call.function().name() == null) {
					throw OpenAiException.invalidRequest("a tool call needs 'id' and 'function.name'",
							where + ".tool_calls[" + j + "]");
				}
			}
		}
	}

	private static void range(Double value, double min, double max, String param) {
		if (value != null && (value < min || value > max || value.isNaN())) {
			throw OpenAiException.invalidRequest("'" + param + "' must be between " + (int) min + " and " + (int) max,
					param, "decimal_out_of_range");
		}
	}

	private static void validateStop(JsonNode stop) {
		if (stop == null || stop.isNull() || stop.isString()) {
			return;
		}
		if (!stop.isArray() || stop.size() > 4) {
			throw OpenAiException.invalidRequest("'stop' must be a string or an array of at most 4 strings", "stop");
		}
		for (JsonNode s : stop) {
			if (!s.isString()) {
				throw OpenAiException.invalidRequest("'stop' must be a string or an array of at most 4 strings", "stop");
			}
		}
	}

	private static void validateResponseFormat(JsonNode format) {
		if (format == null || format.isNull()) {
			return;
		}
		String type = format.path("type").asString("");
		if (!List.of("text", "json_object", "json_schema").contains(type)) {
			throw OpenAiException.invalidRequest(
					"Invalid value for 'response_format.type': supported are 'text', 'json_object' and 'json_schema'",
					"response_format.type");
		}
		if ("json_schema".equals(type) && !format.path("json_schema").path("name").isString()) {
			throw OpenAiException.invalidRequest("'response_format.json_schema.name' is required",
					"response_format.json_schema.name");
		}
	}

	private static void validateTools(List<ToolDefinition> tools, JsonNode toolChoice) {
		if (tools != null) {
			for (int i = 0; i < tools.size(); i++) {
				ToolDefinition tool = tools.get(i);
				String where = "tools[" + i + "]";
				if (tool != null && ToolDefinition.TOOLGATE.equals(tool.type())) {
					if (tool.name() == null || !TOOL_NAME.matcher(tool.name()).matches()) {
						throw OpenAiException.invalidRequest("a toolgate tool needs the 'name' of a server-side tool",
								where + ".name");
					}
					continue;
				}
				if (tool == null || !"function".equals(tool.type())) {
					throw OpenAiException.invalidRequest(
							"Invalid value for 'type': 'function' (client tools) or 'toolgate' (server-side tools)",
							where + ".type");
				}
				if (tool.function() == null || tool.function().name() == null
						|| !TOOL_NAME.matcher(tool.function().name()).matches()) {
					throw OpenAiException.invalidRequest(
							"a function tool needs a 'name' of 1 to 64 letters, digits, '_' or '-'", where + ".function.name");
				}
				JsonNode parameters = tool.function().parameters();
				if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
					throw OpenAiException.invalidRequest("'parameters' must be a JSON schema object",
							where + ".function.parameters");
				}
			}
		}
		if (toolChoice != null && !toolChoice.isNull()) {
			if (toolChoice.isString() && !Set.of("none", "auto", "required").contains(toolChoice.asString())) {
				throw OpenAiException.invalidRequest("Invalid value for 'tool_choice': '" + toolChoice.asString() + "'",
						"tool_choice");
			}
			if ((tools == null || tools.isEmpty()) && !(toolChoice.isString() && "none".equals(toolChoice.asString()))) {
				throw OpenAiException.invalidRequest(
						"Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
						"tool_choice");
			}
		}
	}
}
