package io.toolgate.gateway.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.plugin.api.Tool;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;
import io.toolgate.plugin.api.ToolSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin host with real jars in a watched directory: the bundled clock plugin as the build made it, plus
 * plugins compiled at test time, good and broken. Each test leaves the directory as it found it (only the
 * start-up plugin stays).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PluginHostTest {

	static final Duration WAIT = Duration.ofSeconds(20);

	static Path pluginsDir;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		TestUpstreams.register(registry);
		pluginsDir = Files.createTempDirectory("toolgate-plugins-test").resolve("plugins"); // created by the gateway
		registry.add("toolgate.plugins-dir", () -> pluginsDir.toString());
		registry.add("toolgate.plugins.debounce", () -> "200ms");
		// Present before the gateway starts: must be loaded at start-up, without any watch event.
		Files.createDirectories(pluginsDir);
		Files.write(pluginsDir.resolve("greeter.jar"), TestPluginJars.toolPlugin("greeter", "1.0.0", "greet", "hello"));
		// PF4J's list of plugins to keep stopped, read at start-up.
		Files.writeString(pluginsDir.resolve("disabled.txt"), "parked\n");
	}

	/** A tool compiled into the gateway, so that a plugin can clash with it. */
	@TestConfiguration
	static class BuiltinTool {

		@Bean
		Tool builtinEcho() {
			return new Tool() {
				@Override
				public ToolSpec spec() {
					return ToolSpec.of("builtin_echo", "echoes", null);
				}

				@Override
				public ToolResult call(ToolCall call, ToolContext context) {
					return ToolResult.text(call.rawArguments());
				}
			};
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	ToolRegistry registry;

	HttpTestClient admin;

	@BeforeEach
	void client() {
		admin = new HttpTestClient(port);
	}

	@AfterEach
	void leaveOnlyTheStartUpPlugin() throws IOException {
		try (var files = Files.list(pluginsDir)) {
			for (Path file : files.toList()) {
				String name = file.getFileName().toString();
				if (!name.equals("greeter.jar") && !name.equals("disabled.txt")) {
					Files.delete(file);
				}
			}
		}
		awaitPlugins("only greeter.jar is left", list -> list.size() == 1 && plugin(list, "greeter.jar").isPresent());
	}

	@Test
	void pluginsPresentAtStartUpAreLoaded() throws Exception {
		JsonNode greeter = plugin("greeter.jar").orElseThrow();
		assertThat(greeter.path("state").asString()).isEqualTo("started");
		assertThat(greeter.path("id").asString()).isEqualTo("greeter");
		assertThat(greeter.path("version").asString()).isEqualTo("1.0.0");
		RegisteredTool greet = registry.find("greet").orElseThrow();
		assertThat(greet.origin()).isEqualTo("greeter");
		assertThat(call(greet, Map.of()).content()).isEqualTo("hello");
		assertThat(registry.find("builtin_echo")).get().extracting(RegisteredTool::origin).isEqualTo("builtin");
	}

	@Test
	void aDroppedJarBecomesUsableAndARemovedOneGoes() throws Exception {
		// A plain copy, not an atomic rename: the debounce must wait for the complete file.
		Files.copy(TestPluginJars.clockJar(), pluginsDir.resolve("clock.jar"));
		JsonNode clock = awaitPlugin("clock.jar", "started");
		assertThat(clock.path("id").asString()).isEqualTo("clock");
		assertThat(clock.path("version").asString()).isEqualTo("0.1.0-SNAPSHOT");
		assertThat(clock.path("reason").isNull()).isTrue();
		JsonNode clockTool = clock.path("tools").get(1);
		assertThat(clock.path("tools").get(0).path("name").asString()).isEqualTo("calculator");
		assertThat(clockTool.path("name").asString()).isEqualTo("clock");
		assertThat(clockTool.path("description").asString()).contains("time");
		assertThat(clockTool.path("default_approval").asString()).isEqualTo("never");
		assertThat(clockTool.path("timeout_ms").asLong()).isEqualTo(5000);

		RegisteredTool tool = registry.find("clock").orElseThrow();
		assertThat(tool.origin()).isEqualTo("clock");
		assertThat(tool.tool().getClass().getClassLoader()).isSameAs(tool.classLoader())
			.isNotSameAs(getClass().getClassLoader());
		ToolResult now = call(tool, Map.of("zone", "Europe/Berlin"));
		assertThat(now.error()).isFalse();
		assertThat(now.content()).contains("Europe/Berlin");
		assertThat(call(tool, Map.of("zone", "Nowhere/Special")).error()).isTrue();
		assertThat(call(registry.find("calculator").orElseThrow(), Map.of("expression", "2 * (3 + 4) / 4")).content())
			.isEqualTo("3.5");

		// Any signed-in user may list plugins; nobody else.
		String userKey = newUserKey();
		assertThat(admin.as(userKey).get("/api/plugins").status()).isEqualTo(200);
		assertThat(admin.as(null).get("/api/plugins").status()).isEqualTo(401);

		Files.delete(pluginsDir.resolve("clock.jar"));
		awaitPlugins("clock.jar is gone", list -> plugin(list, "clock.jar").isEmpty());
		assertThat(registry.find("clock")).isEmpty();
		assertThat(registry.find("calculator")).isEmpty();
		assertThat(registry.find("greet")).isPresent();
	}

	@Test
	void brokenJarsAreReportedAndTheGatewayKeepsServing() throws Exception {
		Files.write(pluginsDir.resolve("random.jar"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 });
		TestPluginJars.drop(pluginsDir, "no-extensions.jar", TestPluginJars.jar(
				Map.of("Plugin-Id", "no-extensions", "Plugin-Version", "1.0"),
				Map.of("test.noext.NamedTool", TestPluginJars.toolSource("test.noext", "noext", "x")), null));
		TestPluginJars.drop(pluginsDir, "no-id.jar", TestPluginJars.jar(Map.of("Plugin-Version", "1.0"),
				Map.of("test.noid.NamedTool", TestPluginJars.toolSource("test.noid", "noid", "x")),
				List.of("test.noid.NamedTool")));
		TestPluginJars.drop(pluginsDir, "bad-spec.jar", TestPluginJars.jar(
				Map.of("Plugin-Id", "bad-spec", "Plugin-Version", "1.0"),
				Map.of("test.badspec.NamedTool", TestPluginJars.brokenSpecSource("test.badspec")),
				List.of("test.badspec.NamedTool")));
		TestPluginJars.drop(pluginsDir, "missing-class.jar", TestPluginJars.jar(
				Map.of("Plugin-Id", "missing-class", "Plugin-Version", "1.0"), Map.of(), List.of("test.missing.Nowhere")));
		TestPluginJars.drop(pluginsDir, "bad-name.jar", TestPluginJars.toolPlugin("bad-name", "1.0", "has space", "x"));

		awaitPlugins("six failed jars", list -> list.size() == 7);
		assertFailed("random.jar", "not a readable jar");
		assertFailed("no-extensions.jar", "has no META-INF/extensions.idx");
		assertFailed("no-id.jar", "no Plugin-Id");
		assertFailed("bad-spec.jar", "test.badspec.NamedTool.spec() failed: IllegalStateException: spec is broken on purpose");
		assertFailed("missing-class.jar", "extension class test.missing.Nowhere cannot be loaded: ClassNotFoundException");
		assertFailed("bad-name.jar", "tool name 'has space' must be 1 to 64 letters");
		assertThat(plugin("bad-spec.jar").orElseThrow().path("id").asString()).isEqualTo("bad-spec");
		assertThat(registry.all().keySet()).containsExactlyInAnyOrder("greet", "builtin_echo");

		assertThat(admin.get("/v1/models").status()).isEqualTo(200);
		assertThat(admin.get("/actuator/health").body()).contains("UP");

		// A broken jar fixed in place is loaded.
		TestPluginJars.drop(pluginsDir, "bad-spec.jar", TestPluginJars.toolPlugin("bad-spec", "1.1", "fixed", "fixed"));
		awaitPlugin("bad-spec.jar", "started");
		assertThat(call(registry.find("fixed").orElseThrow(), Map.of()).content()).isEqualTo("fixed");
	}

	@Test
	void clashingToolNamesAreRefusedUntilTheHolderGoes() throws Exception {
		Files.copy(TestPluginJars.clockJar(), pluginsDir.resolve("clock.jar"));
		awaitPlugin("clock.jar", "started");
		TestPluginJars.drop(pluginsDir, "rival.jar", TestPluginJars.toolPlugin("rival", "1.0", "calculator", "rival"));
		TestPluginJars.drop(pluginsDir, "echo.jar", TestPluginJars.toolPlugin("echo", "1.0", "builtin_echo", "echo"));
		TestPluginJars.drop(pluginsDir, "clock-copy.jar", Files.readAllBytes(TestPluginJars.clockJar()));

		assertFailedEventually("rival.jar",
				"its tool name 'calculator' is already offered by plugin 'clock' (clock.jar); remove one of the two jars");
		assertFailedEventually("echo.jar", "its tool name 'builtin_echo' clashes with a tool built into the gateway");
		assertFailedEventually("clock-copy.jar", "plugin id 'clock' is already loaded from clock.jar");
		assertThat(registry.find("calculator").orElseThrow().origin()).isEqualTo("clock");
		assertThat(registry.find("builtin_echo").orElseThrow().origin()).isEqualTo("builtin");

		// Once the holder is gone, the refused jars get their turn (in name order: clock-copy.jar, then rival.jar
		// which then clashes with the copy).
		Files.delete(pluginsDir.resolve("clock.jar"));
		awaitPlugin("clock-copy.jar", "started");
		assertFailedEventually("rival.jar", "already offered by plugin 'clock' (clock-copy.jar)");
		Files.delete(pluginsDir.resolve("clock-copy.jar"));
		awaitPlugin("rival.jar", "started");
		assertThat(call(registry.find("calculator").orElseThrow(), Map.of()).content()).isEqualTo("rival");
	}

	@Test
	void aPluginThatBundlesItsOwnCopyOfTheApiStillOffersItsTools() throws Exception {
		// With PF4J's default plugin-first loading, the bundled Tool would be a different interface than the
		// gateway's, and the plugin would offer nothing.
		TestPluginJars.drop(pluginsDir, "bundled.jar", TestPluginJars.jar(Map.of("Plugin-Id", "bundled", "Plugin-Version", "1.0"),
				Map.of("test.bundled.NamedTool", TestPluginJars.toolSource("test.bundled", "bundled_tool", "still works")),
				List.of("test.bundled.NamedTool"), TestPluginJars.apiClasses()));
		awaitPlugin("bundled.jar", "started");
		RegisteredTool tool = registry.find("bundled_tool").orElseThrow();
		assertThat(tool.classLoader().loadClass(Tool.class.getName())).isSameAs(Tool.class);
		assertThat(call(tool, Map.of()).content()).isEqualTo("still works");
	}

	@Test
	void aPluginDisabledInDisabledTxtIsListedAsStopped() throws Exception {
		TestPluginJars.drop(pluginsDir, "parked.jar", TestPluginJars.toolPlugin("parked", "1.0", "parked_tool", "x"));
		JsonNode parked = awaitPlugin("parked.jar", "stopped");
		assertThat(parked.path("reason").asString()).contains("disabled.txt");
		assertThat(parked.path("id").asString()).isEqualTo("parked");
		assertThat(registry.find("parked_tool")).isEmpty();
	}

	@Test
	void aReplacedJarIsReloaded() throws Exception {
		TestPluginJars.drop(pluginsDir, "swap.jar", TestPluginJars.toolPlugin("swap", "1.0", "swap_tool", "one"));
		awaitPlugin("swap.jar", "started");
		RegisteredTool first = registry.find("swap_tool").orElseThrow();
		assertThat(call(first, Map.of()).content()).isEqualTo("one");

		TestPluginJars.drop(pluginsDir, "swap.jar", TestPluginJars.toolPlugin("swap", "2.0", "swap_tool", "two"));
		awaitPlugins("swap 2.0", list -> plugin(list, "swap.jar").map(p -> p.path("version").asString().equals("2.0")).orElse(false));
		RegisteredTool second = registry.find("swap_tool").orElseThrow();
		assertThat(second.classLoader()).isNotSameAs(first.classLoader());
		assertThat(call(second, Map.of()).content()).isEqualTo("two");
	}

	@Test
	void aJarStillBeingWrittenIsLoadedOnceComplete() throws Exception {
		byte[] clock = Files.readAllBytes(TestPluginJars.clockJar());
		Path jar = pluginsDir.resolve("clock.jar");
		Files.write(jar, java.util.Arrays.copyOf(clock, clock.length / 2));
		assertFailedEventually("clock.jar", "not a readable jar");
		Files.write(jar, java.util.Arrays.copyOfRange(clock, clock.length / 2, clock.length),
				java.nio.file.StandardOpenOption.APPEND);
		awaitPlugin("clock.jar", "started");
		assertThat(registry.find("clock")).isPresent();
	}

	@Test
	void aDeletedPluginDirectoryUnloadsItsPluginsAndIsWatchedAgainWhenBack() throws Exception {
		byte[] greeter = Files.readAllBytes(pluginsDir.resolve("greeter.jar"));
		String disabled = Files.readString(pluginsDir.resolve("disabled.txt"));
		Files.delete(pluginsDir.resolve("greeter.jar"));
		Files.delete(pluginsDir.resolve("disabled.txt"));
		Files.delete(pluginsDir);
		awaitPlugins("no plugins", List::isEmpty);
		assertThat(registry.find("greet")).isEmpty();

		Files.createDirectories(pluginsDir); // the gateway may have recreated it already
		Files.writeString(pluginsDir.resolve("disabled.txt"), disabled);
		TestPluginJars.drop(pluginsDir, "greeter.jar", greeter);
		awaitPlugin("greeter.jar", "started");
		assertThat(registry.find("greet")).isPresent();
	}

	@Test
	void jarsComeAndGoWhileRequestsRun() throws Exception {
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService clients = Executors.newFixedThreadPool(3);
		try {
			List<Future<Integer>> load = List.of(clients.submit(() -> hammer(done)), clients.submit(() -> hammer(done)),
					clients.submit(() -> hammer(done)));
			for (int round = 0; round < 3; round++) {
				Files.copy(TestPluginJars.clockJar(), pluginsDir.resolve("clock.jar"));
				awaitPlugin("clock.jar", "started");
				assertThat(registry.find("clock")).isPresent();
				Files.delete(pluginsDir.resolve("clock.jar"));
				awaitPlugins("clock.jar gone", list -> plugin(list, "clock.jar").isEmpty());
				assertThat(registry.find("clock")).isEmpty();
			}
			done.set(true);
			for (Future<Integer> requests : load) {
				assertThat(requests.get()).isPositive();
			}
		}
		finally {
			done.set(true);
			clients.shutdownNow();
		}
	}

	/** Lists models until told to stop; every answer must be a 200 with the models. Returns how many it made. */
	private int hammer(AtomicBoolean done) {
		int count = 0;
		while (!done.get()) {
			HttpTestClient.Response models = admin.get("/v1/models");
			assertThat(models.status()).as(models.body()).isEqualTo(200);
			assertThat(models.body()).contains(TestUpstreams.SHARED_MODEL);
			HttpTestClient.Response plugins = admin.get("/api/plugins");
			assertThat(plugins.status()).as(plugins.body()).isEqualTo(200);
			count++;
		}
		return count;
	}

	private String newUserKey() {
		var created = admin.post("/api/users", "{\"username\":\"plugin-reader\",\"password\":\"password-plugin-reader\",\"role\":\"user\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		var key = admin.post("/api/keys", "{\"name\":\"test\",\"user_id\":\"" + created.json().path("id").asString() + "\"}");
		assertThat(key.status()).as(key.body()).isEqualTo(201);
		return key.json().path("key").asString();
	}

	/** Calls a tool the way the tool loop must: with the plugin's class loader as the context loader. */
	static ToolResult call(RegisteredTool tool, Map<String, Object> arguments) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(tool.classLoader());
		try {
			return tool.tool().call(new ToolCall("call_1", tool.name(), arguments, "{}"), null);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private List<JsonNode> plugins() {
		HttpTestClient.Response response = admin.get("/api/plugins");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().valueStream().toList();
	}

	private Optional<JsonNode> plugin(String jar) {
		return plugin(plugins(), jar);
	}

	private static Optional<JsonNode> plugin(List<JsonNode> plugins, String jar) {
		return plugins.stream().filter(p -> p.path("jar").asString().equals(jar)).findFirst();
	}

	private List<JsonNode> awaitPlugins(String what, Predicate<List<JsonNode>> condition) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		List<JsonNode> last;
		do {
			last = plugins();
			if (condition.test(last)) {
				return last;
			}
			sleep();
		}
		while (System.nanoTime() < deadline);
		throw new AssertionError("waited " + WAIT + " for " + what + "; /api/plugins shows " + last);
	}

	private JsonNode awaitPlugin(String jar, String state) {
		List<JsonNode> list = awaitPlugins(jar + " " + state,
				l -> plugin(l, jar).map(p -> p.path("state").asString().equals(state)).orElse(false));
		return plugin(list, jar).orElseThrow();
	}

	private void assertFailed(String jar, String reason) {
		JsonNode plugin = plugin(jar).orElseThrow();
		assertThat(plugin.path("state").asString()).as(plugin.toString()).isEqualTo("failed");
		assertThat(plugin.path("reason").asString()).as(plugin.toString()).contains(reason);
		assertThat(plugin.path("tools").isEmpty()).isTrue();
	}

	private void assertFailedEventually(String jar, String reason) {
		awaitPlugins(jar + " failed with " + reason, l -> plugin(l, jar)
			.map(p -> p.path("state").asString().equals("failed") && p.path("reason").asString().contains(reason))
			.orElse(false));
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
