package io.toolgate.gateway.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.files.FilesClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bundled terminal and python_coder plugins through the gateway, on the real Docker engine: the fake
 * upstream calls the tool, the user approves, the command runs in the user's container, and the model gets the
 * result (and the user the files).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SandboxToolsThroughGatewayTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static Path dataDir;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestUpstreams.register(registry);
		Path plugins = Files.createTempDirectory("toolgate-sandbox-plugins");
		for (String plugin : List.of("terminal", "python_coder")) {
			Path jar = TestUpstreams.repoRoot().resolve("plugins/" + plugin + "/target/toolgate-plugin-" + plugin + ".jar");
			assertThat(jar).as("build the bundled plugins first (./mvnw verify builds them before the gateway)").exists();
			Files.copy(jar, plugins.resolve(plugin + ".jar"));
		}
		registry.add("toolgate.plugins-dir", plugins::toString);
		registry.add("toolgate.sandbox.image", () -> TestSandbox.IMAGE);
		registry.add("toolgate.sandbox.memory", () -> "256MB");
		registry.add("toolgate.agents.coder.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.coder.tools", () -> "execute_terminal,python_coder");
		registry.add("toolgate.tools.execute_terminal.approval.allow[0].argument", () -> "command");
		registry.add("toolgate.tools.execute_terminal.approval.allow[0].matches", () -> "(pwd|ls)( .*)?");
		registry.add("toolgate.tools.execute_terminal.approval.allow[0].no-shell-syntax", () -> "true");
	}

	@LocalServerPort
	int port;

	@Autowired
	SandboxService sandbox;

	HttpTestClient admin;

	@BeforeEach
	void setUp() {
		admin = new HttpTestClient(port);
		dataDir = sandbox.staging().getParent();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> admin.get("/api/plugins").body().contains("python_coder") && sandbox.problem() == null);
	}

	@AfterAll
	static void removeContainers() throws Exception {
		// Shutdown only stops persistent containers; a test run must leave none behind.
		if (dataDir != null) {
			try (TestSandbox cleaner = new TestSandbox(dataDir, new TestSandbox.Settings())) {
				cleaner.removeAll();
			}
		}
	}

	private HttpTestClient newUser(String prefix) {
		return admin.newUser(prefix);
	}

	static String toolCall(String tool, Map<String, Object> arguments) {
		return JSON.writeValueAsString(Map.of("model", "coder", "messages",
				List.of(Map.of("role", "user", "content", "tool:" + tool + " " + JSON.writeValueAsString(arguments)))));
	}

	@Test
	void aUserApprovesATerminalCommandAndGetsItsOutput() {
		HttpTestClient alice = newUser("alice");
		var pending = alice.post("/v1/chat/completions",
				toolCall("execute_terminal", Map.of("command", "echo hello from $(id -u) > greeting.txt; cat greeting.txt; ls /")));
		assertThat(pending.status()).as(pending.body()).isEqualTo(200);
		assertThat(pending.json().path("requires_approval").asBoolean()).isTrue();
		assertThat(pending.json().path("tool").asString()).isEqualTo("execute_terminal");

		var answer = alice.post("/approve", "{\"request_id\":\"" + pending.json().path("request_id").asString()
				+ "\",\"approve\":true}");
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		String content = answer.json().at("/choices/0/message/content").asString();
		assertThat(content).contains("exit code: 0", "hello from 1900000", "workspace");
		assertThat(answer.json().at("/toolgate/tool_calls/0/status").asString()).isEqualTo("completed");
	}

	@Test
	void aDeniedCommandNeverRuns() throws Exception {
		HttpTestClient bob = newUser("bob");
		var pending = bob.post("/v1/chat/completions",
				toolCall("execute_terminal", Map.of("command", "touch /workspace/denied-marker")));
		var denied = bob.post("/approve", "{\"request_id\":\"" + pending.json().path("request_id").asString()
				+ "\",\"approve\":false,\"reason\":\"no\"}");
		assertThat(denied.json().at("/choices/0/message/content").asString()).contains("denied");
		String bobId = bob.get("/api/me").json().path("id").asString();
		assertThat(Files.exists(sandboxDataDir().resolve("workspaces/" + bobId + "/denied-marker"))).isFalse();
	}

	@Test
	void anAllowListedCommandRunsWithoutAsking() {
		HttpTestClient carol = newUser("carol");
		var answer = carol.post("/v1/chat/completions", toolCall("execute_terminal", Map.of("command", "pwd")));
		assertThat(answer.json().has("requires_approval")).as(answer.body()).isFalse();
		assertThat(answer.json().at("/choices/0/message/content").asString()).contains("/workspace");
		for (String sneaky : List.of("ls; touch /workspace/x", "ls $(touch /workspace/x)", "ls && touch x", "ls\ntouch x",
				"ls > /workspace/x")) {
			var asked = carol.post("/v1/chat/completions", toolCall("execute_terminal", Map.of("command", sneaky)));
			assertThat(asked.json().path("requires_approval").asBoolean()).as(sneaky).isTrue();
		}
	}

	@Test
	void pythonWritesAChartThatComesBackAsAFile() {
		HttpTestClient dave = newUser("dave");
		String code = String.join("\n", "import matplotlib", "matplotlib.use('Agg')", "import matplotlib.pyplot as plt",
				"plt.plot([1, 2, 3], [1, 4, 9])", "plt.savefig('chart.png')", "print('saved')");
		var pending = dave.post("/v1/chat/completions", toolCall("python_coder", Map.of("code", code)));
		assertThat(pending.json().path("tool").asString()).as(pending.body()).isEqualTo("python_coder");
		var answer = dave.post("/approve", "{\"request_id\":\"" + pending.json().path("request_id").asString()
				+ "\",\"approve\":true}");
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		String content = answer.json().at("/choices/0/message/content").asString();
		assertThat(content).contains("exit code: 0", "saved", "- chart.png (");
		JsonNode call = answer.json().at("/toolgate/tool_calls/0");
		assertThat(call.path("status").asString()).isEqualTo("completed");
		JsonNode chart = call.path("artifacts").get(0);
		assertThat(chart.path("filename").asString()).isEqualTo("chart.png");
		assertThat(chart.path("media_type").asString()).isEqualTo("image/png");
		assertThat(content).contains(chart.path("file_id").asString());

		FilesClient files = new FilesClient(port, dave.apiKey());
		FilesClient.Response download = files.get(chart.path("url").asString());
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.bytes()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
		assertThat(download.bytes().length).isEqualTo(chart.path("bytes").asInt()).isGreaterThan(1000);
		FilesClient stranger = new FilesClient(port, newUser("eve").apiKey());
		assertThat(stranger.get(chart.path("url").asString()).status()).isEqualTo(404);
	}

	@Test
	void theSandboxSeesTheUsersUploadsReadOnlyAtData() {
		HttpTestClient frank = newUser("frank");
		FilesClient files = new FilesClient(port, frank.apiKey());
		JsonNode uploaded = files.uploaded("numbers.csv", "text/csv", "a,b\n1,2\n3,4\n".getBytes(), "user_data");
		String path = "/data/" + uploaded.path("id").asString() + "/numbers.csv";
		String code = String.join("\n", "import pandas as pd", "df = pd.read_csv('" + path + "')",
				"print('sum', int(df['b'].sum()))",
				"print([line.split()[3].split(',')[0] for line in open('/proc/mounts') if line.split()[1] == '/data'])",
				"open('/data/new.txt', 'w')");
		var pending = frank.post("/v1/chat/completions", toolCall("python_coder", Map.of("code", code)));
		var answer = frank.post("/approve", "{\"request_id\":\"" + pending.json().path("request_id").asString()
				+ "\",\"approve\":true}");
		String content = answer.json().at("/choices/0/message/content").asString();
		assertThat(content).as(content).contains("sum 6", "['ro']", "Read-only file system: '/data/new.txt'");
	}

	@Test
	void healthSaysTheSandboxServes() {
		assertThat(admin.get("/healthz").json().path("sandbox").asString()).isEqualTo("ok");
		assertThat(admin.get("/actuator/health").json().at("/components/sandbox/status").asString()).isEqualTo("UP");
	}

	private Path sandboxDataDir() {
		return sandbox.staging().getParent();
	}
}
