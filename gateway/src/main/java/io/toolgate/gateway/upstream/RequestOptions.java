package io.toolgate.gateway.upstream;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.openai.wire.ChatCompletionRequest;

/** Pieces of option mapping that every upstream type shares. */
public final class RequestOptions {

	private RequestOptions() {
	}

	/** {@code stop} as a list (OpenAI allows a string or an array). */
	public static List<String> stopSequences(JsonNode stop) {
		if (stop == null || stop.isNull()) {
			return null;
		}
		if (stop.isString()) {
			return List.of(stop.asString());
		}
		List<String> list = new ArrayList<>();
		stop.forEach(s -> list.add(s.asString()));
		return list;
	}

	/** The request's function tools as definition-only callbacks. */
	public static List<ToolCallback> tools(ChatCompletionRequest request, JsonMapper json) {
		if (request.tools() == null) {
			return List.of();
		}
		List<ToolCallback> tools = new ArrayList<>();
		for (var tool : request.tools()) {
			if (!tool.clientFunction()) {
				continue;
			}
			var function = tool.function();
			String schema = function.parameters() == null || function.parameters().isNull()
					? "{\"type\":\"object\",\"properties\":{}}" : json.writeValueAsString(function.parameters());
			tools.add(new DeclaredToolCallback(ToolDefinition.builder()
				.name(function.name())
				.description(function.description() == null ? "" : function.description())
				.inputSchema(schema)
				.build(), function));
		}
		return tools;
	}

	/** {@code tool_choice} as a string ({@code none}, {@code auto}, {@code required}) or null for an object. */
	public static String toolChoiceMode(JsonNode toolChoice) {
		if (toolChoice == null || toolChoice.isNull()) {
			return "auto";
		}
		return toolChoice.isString() ? toolChoice.asString() : null;
	}
}
