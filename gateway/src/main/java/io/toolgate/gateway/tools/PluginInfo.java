package io.toolgate.gateway.tools;

import java.util.List;
import java.util.Locale;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import io.toolgate.plugin.api.ToolSpec;

/**
 * One jar of the plugin directory as {@code GET /api/plugins} shows it.
 *
 * @param id the {@code Plugin-Id} of its manifest, or null when it could not be read
 * @param version the {@code Plugin-Version}, or null when it could not be read
 * @param jar the file name in the plugin directory
 * @param state started, failed or stopped
 * @param reason why it failed or is stopped; null when started
 * @param tools the tools it offers (empty unless started)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PluginInfo(String id, String version, String jar, PluginStatus state, String reason, List<ToolInfo> tools) {

	public PluginInfo {
		tools = tools == null ? List.of() : List.copyOf(tools);
	}

	/**
	 * A tool of a plugin.
	 *
	 * @param name the tool's name, as the model and agent profiles know it
	 * @param description what it does, for the model
	 * @param defaultApproval {@code never} or {@code always}: the plugin's proposal, which configuration may override
	 * @param timeoutMs longest time one call may run, in milliseconds
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record ToolInfo(String name, String description, String defaultApproval, long timeoutMs) {

		static ToolInfo of(ToolSpec spec) {
			return new ToolInfo(spec.name(), spec.description(), spec.defaultApproval().name().toLowerCase(Locale.ROOT),
					spec.timeout().toMillis());
		}
	}
}
