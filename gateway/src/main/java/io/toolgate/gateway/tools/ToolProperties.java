package io.toolgate.gateway.tools;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import io.toolgate.gateway.approval.ApprovalRule;

/**
 * Operator settings per tool ({@code toolgate.tools.<name>}) and for running tools in general.
 *
 * @param tools per-tool settings by tool name
 * @param toolExecution how many calls run at once, on how many threads
 */
@ConfigurationProperties("toolgate")
public record ToolProperties(Map<String, ToolSettings> tools, ToolExecution toolExecution) {

	public ToolProperties {
		tools = tools == null ? Map.of() : Map.copyOf(tools);
		toolExecution = toolExecution == null ? new ToolExecution(4, 32, 8, Duration.ofSeconds(5)) : toolExecution;
	}

	public ToolSettings settings(String tool) {
		return tools.getOrDefault(tool, ToolSettings.NONE);
	}

	/**
	 * @param maxParallel most calls of one model step that run at once
	 * @param workers threads that run tool calls (tools may block)
	 * @param maxStuck threads of calls that timed out but ignore the interrupt that may run on top of {@code workers}
	 * before such calls take workers' places (bounds the threads at {@code workers + maxStuck})
	 * @param stopGrace how long a timed-out call may take to stop after its interrupt before it counts as stuck
	 */
	public record ToolExecution(int maxParallel, int workers, int maxStuck, Duration stopGrace) {

		public ToolExecution {
			maxStuck = Math.max(0, maxStuck);
			stopGrace = stopGrace == null ? Duration.ofSeconds(5) : stopGrace;
		}
	}

	/**
	 * @param approval overrides the plugin's default approval (with argument rules)
	 * @param timeout overrides the plugin's timeout
	 * @param config settings handed to the plugin ({@code ToolContext.config()})
	 * @param sandboxNetwork whether the tool's sandbox commands run in a container with network access
	 * @param sandboxBackground whether processes a command of the tool starts in the background may keep running
	 *        after it returns (otherwise they are killed when it returns)
	 */
	public record ToolSettings(ApprovalRule approval, Duration timeout, Map<String, String> config,
			boolean sandboxNetwork, boolean sandboxBackground) {

		public static final ToolSettings NONE = new ToolSettings(null, null, Map.of(), false, false);

		// Bound through this one: the shorter constructor below is for code that predates sandboxBackground.
		@ConstructorBinding
		public ToolSettings {
			config = config == null ? Map.of() : Map.copyOf(config);
		}

		/** Settings without background processes in the sandbox (the default). */
		public ToolSettings(ApprovalRule approval, Duration timeout, Map<String, String> config,
				boolean sandboxNetwork) {
			this(approval, timeout, config, sandboxNetwork, false);
		}
	}
}
