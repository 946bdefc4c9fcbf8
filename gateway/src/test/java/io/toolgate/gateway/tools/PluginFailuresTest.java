package io.toolgate.gateway.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plugins that fail in every way a plugin author can make them fail, run through a real gateway from real jars:
 * the model gets an immediate failed result with the cause, the author gets one log entry with the stack naming
 * plugin, version and tool, and a tool that ignores interrupts cannot pin the tool pool.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class PluginFailuresTest {

	/** Ends the spinning tools' loops, so their threads do not outlive the test. */
	private static final String RELEASE_SPINNERS = "toolgate.test.release-spinners";

	static Path pluginsDir;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestUpstreams.register(registry);
		pluginsDir = Files.createTempDirectory("toolgate-plugins-");
		registry.add("toolgate.plugins-dir", pluginsDir::toString);
		registry.add("toolgate.plugins.debounce", () -> "100ms");
		registry.add("toolgate.agents.failing.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.failing.tools", () -> "newer_api,thrower,spinner,greeter");
		// One worker: a single stuck thread would pin the whole pool if it were not cut loose.
		registry.add("toolgate.tool-execution.workers", () -> "1");
		registry.add("toolgate.tool-execution.max-stuck", () -> "2");
		registry.add("toolgate.tool-execution.stop-grace", () -> "300ms");
		// Long enough that waiting for it would be a different outcome ("timeout") than failing at once ("failed").
		registry.add("toolgate.tools.newer_api.timeout", () -> "20s");
		registry.add("toolgate.tools.spinner.timeout", () -> "1s");
		registry.add("toolgate.tools.greeter.timeout", () -> "5s");
		plugins();
	}

	/** Present at start-up. */
	static void plugins() throws Exception {
		TestPluginJars.drop(pluginsDir, "newer.jar", TestPluginJars.jarBuiltAgainstNewerApi(
				Map.of("Plugin-Id", "newer-plugin", "Plugin-Version", "1.2.3"),
				Map.of("test.plugin.newer.NamedTool", tool("test.plugin.newer", "newer_api",
						"return io.toolgate.plugin.api.ToolResult.text(io.toolgate.plugin.api.FromTheFuture.hello());")),
				Map.of("io.toolgate.plugin.api.FromTheFuture", """
						package io.toolgate.plugin.api;
						public class FromTheFuture {
							public static String hello() { return "hello from a newer API"; }
						}
						"""),
				List.of("test.plugin.newer.NamedTool")));
		TestPluginJars.drop(pluginsDir, "thrower.jar", TestPluginJars.jar(
				Map.of("Plugin-Id", "thrower-plugin", "Plugin-Version", "0.9.1"),
				Map.of("test.plugin.thrower.NamedTool", tool("test.plugin.thrower", "thrower",
						"throw new IllegalStateException(\"the thrower's database is gone\");")),
				List.of("test.plugin.thrower.NamedTool")));
		TestPluginJars.drop(pluginsDir, "spinner.jar", TestPluginJars.jar(
				Map.of("Plugin-Id", "spinner-plugin", "Plugin-Version", "2.0.0"),
				Map.of("test.plugin.spinner.NamedTool", tool("test.plugin.spinner", "spinner", """
						long end = System.nanoTime() + 60_000_000_000L;
						while (System.nanoTime() < end && System.getProperty("%s") == null) {
							try {
								Thread.sleep(20);
							}
							catch (InterruptedException ignored) {
								// breaks the contract on purpose: goes on after the interrupt
							}
						}
						return io.toolgate.plugin.api.ToolResult.text("spun");
						""".formatted(RELEASE_SPINNERS))),
				List.of("test.plugin.spinner.NamedTool")));
		TestPluginJars.drop(pluginsDir, "greeter.jar",
				TestPluginJars.toolPlugin("greeter-plugin", "1.0.0", "greeter", "hello"));
	}

	@AfterAll
	static void releaseSpinners() {
		System.setProperty(RELEASE_SPINNERS, "true");
	}

	@LocalServerPort
	int port;

	@Test
	void aPluginBuiltAgainstANewerApiFailsAtOnceWithTheCauseInsteadOfTimingOut(CapturedOutput output) throws Exception {
		var answer = call("newer_api");
		assertThat(answer.json().at("/toolgate/tool_calls/0/status").asString()).isEqualTo("failed");
		String content = answer.json().at("/choices/0/message/content").asString();
		assertThat(content).contains("The tool 'newer_api' failed: java.lang.NoClassDefFoundError")
			.contains("io/toolgate/plugin/api/FromTheFuture")
			.contains("newer one");
		assertThat(output.getAll()).contains("tool 'newer_api' of plugin newer-plugin 1.2.3 failed")
			.contains("at test.plugin.newer.NamedTool.call");
		assertThat(occurrences(output.getAll(), "tool 'newer_api' of plugin")).isEqualTo(1);
	}

	@Test
	void aThrowingToolIsLoggedOnceWithItsStackNamingPluginVersionAndTool(CapturedOutput output) throws Exception {
		var answer = call("thrower");
		assertThat(answer.json().at("/toolgate/tool_calls/0/status").asString()).isEqualTo("failed");
		assertThat(answer.json().at("/choices/0/message/content").asString())
			.contains("The tool 'thrower' failed: the thrower's database is gone");
		assertThat(output.getAll()).contains("tool 'thrower' of plugin thrower-plugin 0.9.1 failed")
			.contains("java.lang.IllegalStateException: the thrower's database is gone")
			.contains("at test.plugin.thrower.NamedTool.call");
		assertThat(occurrences(output.getAll(), "tool 'thrower' of plugin")).isEqualTo(1);
	}

	@Test
	void aToolThatIgnoresItsInterruptIsCutLooseCountedAndDoesNotPinThePool(CapturedOutput output) throws Exception {
		var spun = call("spinner");
		assertThat(spun.json().at("/toolgate/tool_calls/0/status").asString()).isEqualTo("timeout");

		// The only worker's thread is still spinning; the next call must get a thread all the same.
		var greeted = call("greeter");
		assertThat(greeted.json().at("/toolgate/tool_calls/0/status").asString()).as(greeted.body())
			.isEqualTo("completed");
		assertThat(greeted.json().at("/choices/0/message/content").asString()).isEqualTo("Tool results: hello");

		HttpTestClient client = new HttpTestClient(port);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String metrics = client.get("/actuator/prometheus").body();
			assertThat(metrics).contains("toolgate_tool_calls_stuck_total{tool=\"spinner\"} 1.0")
				.contains("toolgate_tool_threads_stuck 1.0");
		});
		assertThat(output.getAll()).contains("tool 'spinner' of plugin spinner-plugin 2.0.0 ignored the interrupt");
	}

	private HttpTestClient.Response call(String tool) throws Exception {
		HttpTestClient client = new HttpTestClient(port);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> client.get("/api/plugins").body().split("\"started\"", -1).length - 1 >= 4);
		var answer = client.post("/v1/chat/completions", "{\"model\":\"failing\",\"messages\":[{\"role\":\"user\","
				+ "\"content\":\"tool:" + tool + " {}\"}]}");
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer;
	}

	private static String tool(String pkg, String name, String body) {
		return """
				package %s;
				public class NamedTool implements io.toolgate.plugin.api.Tool {
					public io.toolgate.plugin.api.ToolSpec spec() {
						return io.toolgate.plugin.api.ToolSpec.of("%s", "a test tool", null);
					}
					public io.toolgate.plugin.api.ToolResult call(io.toolgate.plugin.api.ToolCall call,
							io.toolgate.plugin.api.ToolContext context) {
						%s
					}
				}
				""".formatted(pkg, name, body);
	}

	private static int occurrences(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}
}
