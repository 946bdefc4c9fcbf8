package io.toolgate.plugins.pythoncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.pf4j.Extension;

import io.toolgate.plugin.api.ApprovalMode;
import io.toolgate.plugin.api.Artifact;
import io.toolgate.plugin.api.Sandbox;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;
import io.toolgate.plugin.api.ToolSpec;

/**
 * {@code python_coder}: runs Python code in the calling user's sandbox container, in a fresh directory under
 * {@code /workspace/runs/}, and returns stdout, stderr, the exit code and the files the code wrote (as artifacts
 * the user can download). Every call needs approval by default.
 */
@Extension
public class PythonCoderTool implements io.toolgate.plugin.api.Tool {

	static final String NAME = "python_coder";

	static final long DEFAULT_TIMEOUT_SECONDS = 120;

	static final long MAX_TIMEOUT_SECONDS = 600;

	static final int DEFAULT_MAX_FILES = 20;

	private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	private static final String SCHEMA = """
			{"type":"object","properties":{
			  "code":{"type":"string","minLength":1,"description":"A complete Python 3 program"},
			  "timeout_seconds":{"type":"integer","minimum":1,"description":"Wall-clock limit (optional)"}},
			 "required":["code"],"additionalProperties":false}""";

	@Override
	public ToolSpec spec() {
		return new ToolSpec(NAME, "Runs a Python 3 program (numpy, pandas and matplotlib available; no network) in the "
				+ "user's isolated sandbox, in a fresh directory that is its working directory. Files the program writes "
				+ "there (charts, CSV, ...) are returned to the user for download. The user's uploads are read-only "
				+ "under /data. Print what you need to see: stdout and stderr are returned.", SCHEMA,
				ApprovalMode.ALWAYS, Duration.ofMinutes(11));
	}

	@Override
	public ToolResult call(ToolCall call, ToolContext context) throws Exception {
		String code = (String) call.arguments().get("code");
		Duration timeout = timeout(call.arguments().get("timeout_seconds"), context.config());
		String run = "runs/" + LocalDateTime.now().format(RUN_TIME) + "-" + UUID.randomUUID().toString().substring(0, 8);
		Sandbox sandbox = context.sandbox();
		context.progress("running Python in /workspace/" + run);
		// The program arrives on stdin and is saved as main.py, so tracebacks name real lines of a real file.
		Sandbox.ExecResult result = sandbox.exec(new Sandbox.ExecRequest(
				List.of("sh", "-c", "cat > main.py && exec python3 main.py < /dev/null"), run, timeout, Map.of(), code));
		List<Artifact> artifacts = new ArrayList<>();
		int maxFiles = intConfig(context.config().get("max-files"), DEFAULT_MAX_FILES);
		int skipped = 0;
		List<Path> written = sandbox.copyOut(run);
		Path base = commonBase(written);
		for (Path file : written.stream().sorted(Comparator.comparing(Path::toString)).toList()) {
			String relative = base == null ? file.getFileName().toString() : base.relativize(file).toString();
			if (relative.equals("main.py")) {
				continue;
			}
			if (artifacts.size() >= maxFiles) {
				skipped++;
				continue;
			}
			artifacts.add(new Artifact(relative, MediaTypes.of(relative), file));
		}
		return new ToolResult(report(result, timeout, run, artifacts, skipped), artifacts,
				result.timedOut() || result.exitCode() != 0);
	}

	private static String report(Sandbox.ExecResult result, Duration timeout, String run, List<Artifact> artifacts,
			int skipped) throws java.io.IOException {
		StringBuilder text = new StringBuilder();
		if (result.timedOut()) {
			text.append("The program did not finish within ").append(timeout.toSeconds()).append(" s and was killed.\n");
		}
		else {
			text.append("exit code: ").append(result.exitCode()).append('\n');
		}
		text.append("working directory: /workspace/").append(run).append('\n');
		text.append("stdout:\n").append(result.stdout().isEmpty() ? "(empty)\n" : withNewline(result.stdout()));
		text.append("stderr:\n").append(result.stderr().isEmpty() ? "(empty)\n" : withNewline(result.stderr()));
		if (!artifacts.isEmpty()) {
			text.append("files written:\n");
			for (Artifact artifact : artifacts) {
				text.append("- ").append(artifact.name()).append(" (").append(Files.size(artifact.file())).append(" bytes)\n");
			}
		}
		if (skipped > 0) {
			text.append("(").append(skipped).append(" more files were not returned)\n");
		}
		if (result.timedOut() || result.exitCode() != 0) {
			text.append("The program failed: fix the code and call python_coder again if the error can be fixed.\n");
		}
		return text.toString().stripTrailing();
	}

	private static String withNewline(String text) {
		return text.endsWith("\n") ? text : text + "\n";
	}

	/** The directory the copied files share (the fresh copy directory), so names are relative to the run. */
	private static Path commonBase(List<Path> files) {
		if (files.isEmpty()) {
			return null;
		}
		Path base = files.get(0).getParent();
		for (Path file : files) {
			while (base != null && !file.startsWith(base)) {
				base = base.getParent();
			}
		}
		return base;
	}

	static Duration timeout(Object requested, Map<String, String> config) {
		long max = intConfig(config.get("max-timeout-seconds"), (int) MAX_TIMEOUT_SECONDS);
		long chosen = requested instanceof Number number ? number.longValue()
				: intConfig(config.get("timeout-seconds"), (int) DEFAULT_TIMEOUT_SECONDS);
		return Duration.ofSeconds(Math.max(1, Math.min(chosen, max)));
	}

	private static int intConfig(String value, int fallback) {
		try {
			return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
		}
		catch (NumberFormatException e) {
			return fallback;
		}
	}
}
