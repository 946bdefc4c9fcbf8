package io.toolgate.gateway.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** No Docker engine: sandboxed tools say so clearly, health says so, and everything else keeps serving. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SandboxUnavailableGatewayTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestUpstreams.register(registry);
		Path plugins = Files.createTempDirectory("toolgate-sandbox-plugins");
		Files.copy(TestUpstreams.repoRoot().resolve("plugins/terminal/target/toolgate-plugin-terminal.jar"),
				plugins.resolve("terminal.jar"));
		registry.add("toolgate.plugins-dir", plugins::toString);
		registry.add("toolgate.sandbox.docker-host", () -> "unix://" + plugins.resolve("no-docker.sock"));
		registry.add("toolgate.agents.coder.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.coder.tools", () -> "execute_terminal");
		registry.add("toolgate.agents.coder.approval.execute_terminal.mode", () -> "never");
	}

	@LocalServerPort
	int port;

	@Test
	void toolsReportTheEngineAndHealthIsDegradedButServing() {
		HttpTestClient admin = new HttpTestClient(port);
		await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/healthz").json().path("sandbox").asString()
			.startsWith("unavailable: the Docker engine at unix://"));
		assertThat(admin.get("/healthz").status()).isEqualTo(200);

		var health = admin.get("/actuator/health");
		assertThat(health.status()).as("readiness stays up: only sandboxed tools are affected").isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("DEGRADED");
		assertThat(health.json().at("/components/sandbox/status").asString()).isEqualTo("DEGRADED");
		assertThat(health.json().at("/components/sandbox/details/error").asString()).contains("no-docker.sock");

		await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/plugins").body().contains("execute_terminal"));
		var answer = admin.post("/v1/chat/completions", SandboxToolsThroughGatewayTest.toolCall("execute_terminal",
				Map.of("command", "echo hi")));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.json().at("/toolgate/tool_calls/0/status").asString()).isEqualTo("failed");
		assertThat(answer.json().at("/choices/0/message/content").asString())
			.contains("the Docker engine at unix://", "no-docker.sock");

		var chat = admin.post("/v1/chat/completions",
				"{\"model\":\"" + TestUpstreams.OPENAI_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
		assertThat(chat.status()).isEqualTo(200);
	}
}
