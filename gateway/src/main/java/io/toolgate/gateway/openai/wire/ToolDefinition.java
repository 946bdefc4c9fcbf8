package io.toolgate.gateway.openai.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/** A {@code tools[]} entry of a chat request: {@code {"type":"function","function":{...}}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolDefinition(String type, FunctionDefinition function) {

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record FunctionDefinition(String name, String description, JsonNode parameters, Boolean strict) {
	}
}
