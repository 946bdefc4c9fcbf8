package io.toolgate.plugins.pptmaker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.toolgate.plugin.api.ModelClient;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input, a missing or failing Marp, and renders that hang: each a clear error result. */
class FailuresTest {

	@TempDir
	Path workspace;

	final AtomicInteger modelCalls = new AtomicInteger();

	final PptMakerTool tool = new PptMakerTool(name -> null);

	ToolResult call(Map<String, Object> arguments, Map<String, String> config, ModelClient model) throws Exception {
		return tool.call(new ToolCall("call_1", "ppt_maker", arguments, "{}"), new TestContext(workspace, config, model));
	}

	ToolResult call(Map<String, Object> arguments) throws Exception {
		return call(arguments, Map.of("marp-command", "/nonexistent/marp-never-run"), (m, s, u, o) -> {
			modelCalls.incrementAndGet();
			return "";
		});
	}

	Path script(String name, String body) throws Exception {
		Path file = workspace.resolve(name);
		Files.writeString(file, "#!/bin/sh\n" + body);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
		return file;
	}

	@Test
	void emptyAndContentlessMarkdownIsRefusedBeforeRendering() throws Exception {
		assertThat(call(Map.of("markdown", "", "request", "")).content()).contains("Give 'request'");
		assertThat(call(Map.of()).content()).contains("both are empty");
		for (String markdown : List.of("   \n\t", "---\nmarp: true\n---\n", "---\nmarp: true\n---\n\n---\n\n---\n")) {
			ToolResult result = call(Map.of("markdown", markdown));
			assertThat(result.error()).isTrue();
			assertThat(result.content()).as(markdown).containsAnyOf("Bad markdown: the markdown is empty",
					"Bad markdown: the markdown has no slide content", "Give 'request'");
		}
		ToolResult binary = call(Map.of("markdown", "# Deck\u0000\u0001"));
		assertThat(binary.content()).contains("Bad markdown", "control character");
		ToolResult huge = call(Map.of("markdown", "# Big\n" + "x".repeat(DeckMarkdown.MAX_CHARS)));
		assertThat(huge.content()).contains("Bad markdown", "at most 200000");
	}

	@Test
	void argumentsMustBeOneSourceAndKnownFormats() throws Exception {
		assertThat(call(Map.of("markdown", "# A", "request", "B")).content()).contains("not both");
		assertThat(call(Map.of("markdown", "# A", "formats", List.of("docx"))).content()).contains("Unknown format 'docx'");
		assertThat(call(Map.of("markdown", "# A", "formats", List.of())).content()).contains("non-empty list");
		assertThat(call(Map.of("markdown", "# A", "formats", "pdf")).content()).contains("non-empty list");
	}

	@Test
	void aModelThatWritesNothingUsableIsAnError() throws Exception {
		ToolResult result = call(Map.of("request", "A deck about bees"));
		assertThat(modelCalls.get()).isEqualTo(1);
		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("The model did not write a usable deck", "empty");
	}

	@Test
	void aMissingMarpOrBrowserSaysWhatToInstall() throws Exception {
		ToolResult noMarp = call(Map.of("markdown", "# A"),
				Map.of("marp-command", "/nonexistent/marp", "browser-path", "/bin/sh"), null);
		assertThat(noMarp.error()).isTrue();
		assertThat(noMarp.content()).contains("the Marp CLI could not be started (/nonexistent/marp)",
				"npm install -g @marp-team/marp-cli", "toolgate.tools.ppt_maker.config.marp-command");

		ToolResult noBrowser = call(Map.of("markdown", "# A"),
				Map.of("marp-command", "/bin/true", "browser-path", "/nonexistent/chromium"), null);
		assertThat(noBrowser.content()).contains("/nonexistent/chromium is not an executable file");
	}

	@Test
	void marpsOwnErrorsAreReported() throws Exception {
		Path failing = script("failing-marp.sh", "echo '[ ERROR ] Failed converting Markdown. boom' >&2\nexit 1\n");
		ToolResult result = call(Map.of("markdown", "# A"),
				Map.of("marp-command", failing.toString(), "browser-path", "/bin/sh"), null);
		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("Marp could not render the PDF (exit code 1)", "boom");
	}

	@Test
	void aHungRenderIsKilledWithItsWholeProcessTree() throws Exception {
		Path pids = workspace.resolve("pids");
		// A "marp" that starts a child and a grandchild, records their ids, and never finishes.
		Path hung = script("hung-marp.sh", "sh -c 'sleep 600 & echo $! >> " + pids + "; sleep 600' &\n"
				+ "echo $! >> " + pids + "\necho $$ >> " + pids + "\nsleep 600\n");
		Map<String, String> config = new HashMap<>(Map.of("marp-command", hung.toString(), "browser-path", "/bin/sh",
				"timeout", "2s"));

		long started = System.nanoTime();
		ToolResult result = call(Map.of("markdown", "# A"), config, null);

		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("rendering the PDF did not finish within 2 s and was stopped");
		assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(60));
		List<Long> started3 = Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong).toList();
		assertThat(started3).hasSize(3);
		for (long pid : started3) {
			assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process " + pid + " alive")
				.isFalse();
		}
	}

	@Test
	void aRealRenderOverItsLimitLeavesNoBrowserBehind() throws Exception {
		Map<String, String> config = new HashMap<>(MarpInstallation.config());
		config.put("timeout", "1s");

		ToolResult result = call(Map.of("markdown", Decks.of(30)), config, null);

		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("did not finish within 1 s");
		// Every render's browser carries its private temporary directory (its profile) in its arguments.
		Thread.sleep(500);
		assertThat(ProcessHandle.allProcesses()
			.filter(p -> p.info().commandLine().map(line -> line.contains(MarpRenderer.TEMP_PREFIX)).orElse(false))
			.map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
			.toList()).as("processes still running in the workspace").isEmpty();
	}

	@Test
	void badSettings() throws Exception {
		ToolResult result = call(Map.of("markdown", "# A"), Map.of("timeout", "whenever"), null);
		assertThat(result.content()).contains("ppt_maker is misconfigured", "timeout must be a positive duration");
	}
}
