package io.toolgate.gateway.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What plugin-api/README.md promises: drop a plugin jar into the plugins directory of a running gateway and
 * call its tool through an agent profile, without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PluginThroughAgentProfileTest {

	static Path pluginsDir;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestUpstreams.register(registry);
		pluginsDir = Files.createTempDirectory("toolgate-plugins-");
		registry.add("toolgate.plugins-dir", pluginsDir::toString);
		registry.add("toolgate.plugins.debounce", () -> "100ms");
		registry.add("toolgate.agents.timekeeper.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.timekeeper.tools", () -> "clock,calculator");
	}

	@LocalServerPort
	int port;

	@Test
	void aDroppedInPluginIsCallableThroughAProfileWithoutRestart() throws Exception {
		HttpTestClient client = new HttpTestClient(port);
		String ask = "{\"model\":\"timekeeper\",\"messages\":[{\"role\":\"user\",\"content\":"
				+ "\"tool:calculator {\\\"expression\\\":\\\"(2+3)*7\\\"}\"}]}";
		var before = client.post("/v1/chat/completions", ask);
		assertThat(before.status()).isEqualTo(400);
		assertThat(before.json().at("/error/code").asString()).isEqualTo("unknown_tool");

		Files.copy(TestPluginJars.clockJar(), pluginsDir.resolve("clock.jar"));
		await().atMost(Duration.ofSeconds(15)).until(() -> client.get("/api/plugins").body().contains("\"started\""));

		var answer = client.post("/v1/chat/completions", ask);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.json().at("/choices/0/message/content").asString()).isEqualTo("Tool results: 35");
		assertThat(answer.json().at("/toolgate/tool_calls/0/status").asString()).isEqualTo("completed");
	}
}
