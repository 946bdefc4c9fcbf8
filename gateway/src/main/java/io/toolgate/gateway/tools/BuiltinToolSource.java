package io.toolgate.gateway.tools;

import java.util.List;

import org.springframework.stereotype.Component;

import io.toolgate.plugin.api.Tool;

/** Tools that are Spring beans of the gateway itself (none ship today; tests register some). */
@Component
public class BuiltinToolSource implements ToolSource {

	private final List<RegisteredTool> tools;

	public BuiltinToolSource(List<Tool> tools) {
		this.tools = tools.stream()
			.map(tool -> new RegisteredTool(tool.spec(), tool, "builtin", "builtin", tool.getClass().getClassLoader()))
			.toList();
	}

	@Override
	public List<RegisteredTool> tools() {
		return tools;
	}
}
