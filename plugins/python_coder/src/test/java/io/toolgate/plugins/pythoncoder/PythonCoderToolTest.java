package io.toolgate.plugins.pythoncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.toolgate.plugin.api.ApprovalMode;
import io.toolgate.plugin.api.Artifact;
import io.toolgate.plugin.api.FileStore;
import io.toolgate.plugin.api.Knowledge;
import io.toolgate.plugin.api.ModelClient;
import io.toolgate.plugin.api.Sandbox;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;

import static org.assertj.core.api.Assertions.assertThat;

class PythonCoderToolTest {

	@TempDir
	Path staged;

	final List<Sandbox.ExecRequest> requests = new ArrayList<>();

	final List<String> copied = new ArrayList<>();

	Sandbox.ExecResult next = new Sandbox.ExecResult(0, "42\n", "", false, Duration.ofMillis(5));

	List<Path> files = List.of();

	final Sandbox sandbox = new Sandbox() {
		@Override
		public ExecResult exec(ExecRequest request) {
			requests.add(request);
			return next;
		}

		@Override
		public List<Path> copyOut(String path) {
			copied.add(path);
			return files;
		}
	};

	@Test
	void asksForApprovalByDefault() {
		assertThat(new PythonCoderTool().spec().defaultApproval()).isEqualTo(ApprovalMode.ALWAYS);
	}

	@Test
	void runsTheCodeInAFreshDirectoryAndReturnsTheFilesItWrote() throws Exception {
		Path run = Files.createDirectories(staged.resolve("abc"));
		Files.writeString(run.resolve("main.py"), "print(42)");
		Files.write(run.resolve("chart.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G' });
		Files.createDirectories(run.resolve("out"));
		Files.writeString(run.resolve("out/data.csv"), "a,b\n1,2\n");
		files = List.of(run.resolve("main.py"), run.resolve("chart.png"), run.resolve("out/data.csv"));

		ToolResult result = call(Map.of("code", "print(42)"), Map.of());

		Sandbox.ExecRequest request = requests.get(0);
		assertThat(request.stdin()).isEqualTo("print(42)");
		assertThat(request.workdir()).matches("runs/\\d{8}-\\d{6}-[0-9a-f]{8}");
		assertThat(copied).containsExactly(request.workdir());
		assertThat(result.error()).isFalse();
		assertThat(result.artifacts()).extracting(Artifact::name, Artifact::mediaType)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("chart.png", "image/png"),
					org.assertj.core.groups.Tuple.tuple("out/data.csv", "text/csv"));
		assertThat(result.content()).contains("exit code: 0", "stdout:\n42\n", "- chart.png (4 bytes)",
				"- out/data.csv (8 bytes)");
	}

	@Test
	void aFailureSaysSoAndInvitesAFix() throws Exception {
		next = new Sandbox.ExecResult(1, "", "Traceback (most recent call last):\nZeroDivisionError\n", false,
				Duration.ofMillis(5));
		ToolResult result = call(Map.of("code", "1/0"), Map.of());
		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("exit code: 1", "ZeroDivisionError", "fix the code");
	}

	@Test
	void returnsAtMostTheConfiguredNumberOfFiles() throws Exception {
		Path run = Files.createDirectories(staged.resolve("many"));
		List<Path> many = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			many.add(Files.writeString(run.resolve("f" + i + ".txt"), "x"));
		}
		files = many;
		ToolResult result = call(Map.of("code", "pass"), Map.of("max-files", "2"));
		assertThat(result.artifacts()).hasSize(2);
		assertThat(result.content()).contains("(3 more files were not returned)");
	}

	private ToolResult call(Map<String, Object> arguments, Map<String, String> config) throws Exception {
		return new PythonCoderTool().call(new ToolCall("call_1", "python_coder", arguments, "{}"), new ToolContext() {
			public String userId() { return "u1"; }
			public String username() { return "alice"; }
			public String sessionId() { return null; }
			public Path scratch() { throw new UnsupportedOperationException(); }
			public Path workspace() { return staged; }
			public Map<String, String> config() { return config; }
			public void progress(String message) { }
			public Sandbox sandbox() { return sandbox; }
			public FileStore files() { throw new UnsupportedOperationException(); }
			public Knowledge knowledge() { throw new UnsupportedOperationException(); }
			public ModelClient model() { throw new UnsupportedOperationException(); }
		});
	}
}
