package io.toolgate.plugins.terminal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.toolgate.plugin.api.ApprovalMode;
import io.toolgate.plugin.api.FileStore;
import io.toolgate.plugin.api.Knowledge;
import io.toolgate.plugin.api.ModelClient;
import io.toolgate.plugin.api.Sandbox;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalToolTest {

	final List<Sandbox.ExecRequest> requests = new ArrayList<>();

	Sandbox.ExecResult next = new Sandbox.ExecResult(0, "hi\n", "", false, Duration.ofMillis(5));

	final Sandbox sandbox = new Sandbox() {
		@Override
		public ExecResult exec(ExecRequest request) {
			requests.add(request);
			return next;
		}

		@Override
		public List<Path> copyOut(String path) {
			return List.of();
		}
	};

	@Test
	void asksForApprovalByDefault() {
		assertThat(new TerminalTool().spec().defaultApproval()).isEqualTo(ApprovalMode.ALWAYS);
		assertThat(new TerminalTool().spec().name()).isEqualTo("execute_terminal");
	}

	@Test
	void runsTheCommandWithShellSyntaxAndReportsTheOutcome() throws Exception {
		ToolResult result = call(Map.of("command", "echo hi | tr a-z A-Z", "workdir", "project"), Map.of());
		assertThat(requests).singleElement().satisfies(request -> {
			assertThat(request.command()).containsExactly("sh", "-c", "echo hi | tr a-z A-Z");
			assertThat(request.workdir()).isEqualTo("project");
			assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(60));
		});
		assertThat(result.error()).isFalse();
		assertThat(result.content()).isEqualTo("exit code: 0\nstdout:\nhi\nstderr:\n(empty)");
	}

	@Test
	void aFailureOrTimeoutIsAnErrorResult() throws Exception {
		next = new Sandbox.ExecResult(2, "", "ls: cannot access 'x'\n", false, Duration.ofMillis(5));
		assertThat(call(Map.of("command", "ls x"), Map.of()).error()).isTrue();
		next = new Sandbox.ExecResult(-1, "", "", true, Duration.ofSeconds(3));
		ToolResult timedOut = call(Map.of("command", "sleep 600", "timeout_seconds", 3), Map.of());
		assertThat(timedOut.error()).isTrue();
		assertThat(timedOut.content()).startsWith("The command did not finish within 3 s and was killed.");
	}

	@Test
	void theModelCannotAskForMoreTimeThanConfigured() throws Exception {
		call(Map.of("command", "true", "timeout_seconds", 100000), Map.of("max-timeout-seconds", "30"));
		call(Map.of("command", "true"), Map.of("timeout-seconds", "5"));
		assertThat(requests).extracting(Sandbox.ExecRequest::timeout)
			.containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(5));
	}

	private ToolResult call(Map<String, Object> arguments, Map<String, String> config) throws Exception {
		return new TerminalTool().call(new ToolCall("call_1", "execute_terminal", arguments, "{}"), context(config));
	}

	private ToolContext context(Map<String, String> config) {
		return new ToolContext() {
			public String userId() { return "u1"; }
			public String username() { return "alice"; }
			public String sessionId() { return null; }
			public Path scratch() { throw new UnsupportedOperationException(); }
			public Path workspace() { return Path.of("/tmp"); }
			public Map<String, String> config() { return config; }
			public void progress(String message) { }
			public Sandbox sandbox() { return sandbox; }
			public FileStore files() { throw new UnsupportedOperationException(); }
			public Knowledge knowledge() { throw new UnsupportedOperationException(); }
			public ModelClient model() { throw new UnsupportedOperationException(); }
		};
	}
}
