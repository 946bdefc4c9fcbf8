package io.toolgate.gateway.upstream;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

import io.toolgate.gateway.openai.wire.ToolDefinition.FunctionDefinition;

/**
 * A tool the model may call but the gateway does not run here: its definition goes upstream, and the call
 * comes back to whoever owns the tool (the client, or the tool loop). Keeps the client's original
 * definition so OpenAI-compatible upstreams receive it unchanged (including {@code strict}).
 */
public record DeclaredToolCallback(ToolDefinition definition, FunctionDefinition original) implements ToolCallback {

	@Override
	public ToolDefinition getToolDefinition() {
		return definition;
	}

	@Override
	public String call(String toolInput) {
		throw new IllegalStateException("tool '" + definition.name() + "' is not run by the model layer");
	}
}
