package io.toolgate.plugins.terminal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.pf4j.Extension;

import io.toolgate.plugin.api.ApprovalMode;
import io.toolgate.plugin.api.Sandbox;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;
import io.toolgate.plugin.api.ToolSpec;

/**
 * {@code execute_terminal}: runs a shell command in the calling user's sandbox container and returns its exit
 * code, stdout and stderr. Every call needs approval unless the operator allow-lists commands.
 */
@Extension
public class TerminalTool implements io.toolgate.plugin.api.Tool {

	static final String NAME = "execute_terminal";

	private static final String SCHEMA = """
			{"type":"object","properties":{
			  "command":{"type":"string","minLength":1,"description":"The shell command (sh syntax) to run in /workspace"},
			  "workdir":{"type":"string","description":"Working directory relative to /workspace (optional)"},
			  "timeout_seconds":{"type":"integer","minimum":1,"description":"Wall-clock limit (optional)"}},
			 "required":["command"],"additionalProperties":false}""";

	@Override
	public ToolSpec spec() {
		return new ToolSpec(NAME, "Runs a shell command in the user's isolated Linux sandbox (Debian with Python 3 and "
				+ "common command-line tools; no network unless the operator allows it). The working directory "
				+ "/workspace persists between calls; the user's uploaded files are read-only under /data. "
				+ "Returns the exit code, stdout and stderr.", SCHEMA, ApprovalMode.ALWAYS, Duration.ofMinutes(11));
	}

	@Override
	public ToolResult call(ToolCall call, ToolContext context) throws Exception {
		String command = (String) call.arguments().get("command");
		Object workdir = call.arguments().get("workdir");
		Duration timeout = Timeouts.of(call.arguments().get("timeout_seconds"), context.config());
		context.progress("running: " + (command.length() > 80 ? command.substring(0, 80) + "…" : command));
		Sandbox.ExecResult result = context.sandbox()
			.exec(new Sandbox.ExecRequest(List.of("sh", "-c", command), workdir == null ? "" : workdir.toString(),
					timeout, Map.of(), null));
		return new ToolResult(ExecReport.of(result, timeout), List.of(), result.timedOut() || result.exitCode() != 0);
	}
}
