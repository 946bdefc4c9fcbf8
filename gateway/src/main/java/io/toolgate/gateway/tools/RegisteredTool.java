package io.toolgate.gateway.tools;

import io.toolgate.plugin.api.Tool;
import io.toolgate.plugin.api.ToolSpec;

/**
 * A tool the gateway can run, with where it came from.
 *
 * @param spec the tool's spec, read once when it was registered
 * @param tool the implementation
 * @param origin the plugin id, or {@code builtin} for tools compiled into the gateway
 * @param version the plugin's version ({@code Plugin-Version}), or {@code builtin}
 * @param classLoader the loader to make the thread's context class loader while the tool runs (the plugin's); a
 * tool whose plugin was unloaded meanwhile may fail with {@code NoClassDefFoundError}, which the caller reports
 * as the tool's error result
 */
public record RegisteredTool(ToolSpec spec, Tool tool, String origin, String version, ClassLoader classLoader) {

	public String name() {
		return spec.name();
	}
}
