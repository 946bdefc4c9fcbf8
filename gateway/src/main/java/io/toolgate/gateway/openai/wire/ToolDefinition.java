package io.toolgate.gateway.openai.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * A {@code tools[]} entry of a chat request: a client function {@code {"type":"function","function":{...}}}, or
 * the gateway's extension {@code {"type":"toolgate","name":"clock"}} naming a server-side tool.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolDefinition(String type, FunctionDefinition function, String name) {

	public static final String FUNCTION = "function";

	public static final String TOOLGATE = "toolgate";

	public boolean clientFunction() {
		return FUNCTION.equals(type);
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record FunctionDefinition(String name, String description, JsonNode parameters, Boolean strict) {
	}
}
