package io.toolgate.plugin.api;

import java.util.Map;

/**
 * One call of a tool by the model.
 *
 * @param id the call's id (as in the model's {@code tool_calls})
 * @param name the tool's name
 * @param arguments the arguments parsed from JSON: {@code String}, {@code Number}, {@code Boolean},
 * {@code List}, {@code Map} and {@code null} values
 * @param rawArguments the arguments exactly as the model wrote them (JSON text)
 */
public record ToolCall(String id, String name, Map<String, Object> arguments, String rawArguments) {

	/** Keeps {@code arguments} never null. */
	public ToolCall {
		arguments = arguments == null ? Map.of() : arguments;
	}

	/** A string argument, or the fallback when it is missing or not a string. */
	public String string(String key, String fallback) {
		return arguments.get(key) instanceof String value ? value : fallback;
	}
}
