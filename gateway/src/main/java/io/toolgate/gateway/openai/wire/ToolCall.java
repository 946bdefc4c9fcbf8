package io.toolgate.gateway.openai.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A complete function tool call, as in an assistant message. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCall(String id, String type, FunctionCall function) {

	public static ToolCall function(String id, String name, String arguments) {
		return new ToolCall(id, "function", new FunctionCall(name, arguments));
	}

	public record FunctionCall(String name, String arguments) {
	}
}
