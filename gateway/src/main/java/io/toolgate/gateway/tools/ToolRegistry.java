package io.toolgate.gateway.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Every tool the gateway can run right now, by name, gathered from all {@link ToolSource}s. Asked afresh on
 * each lookup, so a plugin dropped in or removed is seen by the next request; a name offered twice keeps
 * the first source's tool (sources refuse clashes when they load).
 */
@Component
public class ToolRegistry {

	private final List<ToolSource> sources;

	public ToolRegistry(List<ToolSource> sources) {
		this.sources = List.copyOf(sources);
	}

	public Map<String, RegisteredTool> all() {
		Map<String, RegisteredTool> byName = new LinkedHashMap<>();
		for (ToolSource source : sources) {
			for (RegisteredTool tool : source.tools()) {
				byName.putIfAbsent(tool.name(), tool);
			}
		}
		return byName;
	}

	public Optional<RegisteredTool> find(String name) {
		for (ToolSource source : sources) {
			for (RegisteredTool tool : source.tools()) {
				if (tool.name().equals(name)) {
					return Optional.of(tool);
				}
			}
		}
		return Optional.empty();
	}
}
