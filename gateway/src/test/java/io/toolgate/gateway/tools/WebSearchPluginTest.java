package io.toolgate.gateway.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.loadtest.websearch.FakeTavily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bundled websearch plugin jar in a running gateway: the fake upstream scripts a websearch call through the
 * tool loop, the plugin asks the fake Tavily, and the answer the model gives cites the fake results.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebSearchPluginTest {

	static final FakeTavily TAVILY = FakeTavily.start();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestUpstreams.register(registry);
		Path plugins = Files.createTempDirectory("toolgate-plugins-");
		Files.copy(TestPluginJars.websearchJar(), plugins.resolve("websearch.jar"));
		registry.add("toolgate.plugins-dir", plugins::toString);
		registry.add("toolgate.tools.websearch.config.provider", () -> "tavily");
		registry.add("toolgate.tools.websearch.config.base-url", TAVILY::baseUrl);
		registry.add("toolgate.tools.websearch.config.api-key", () -> FakeTavily.DEFAULT_API_KEY);
		registry.add("toolgate.tools.websearch.config.timeout", () -> "5s");
		registry.add("toolgate.agents.researcher.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.researcher.tools", () -> "websearch");
	}

	@AfterAll
	static void stop() {
		TAVILY.close();
	}

	@LocalServerPort
	int port;

	JsonNode ask(HttpTestClient client, String content) {
		String body = client.json(java.util.Map.of("model", "researcher", "messages",
				java.util.List.of(java.util.Map.of("role", "user", "content", content))));
		var response = client.post("/v1/chat/completions", body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	@Test
	void theModelSearchesTheWebAndItsAnswerCitesTheResults() {
		HttpTestClient client = new HttpTestClient(port);
		await().atMost(Duration.ofSeconds(30)).until(() -> client.get("/api/plugins").body().contains("\"started\""));
		var plugins = client.get("/api/plugins").json();
		assertThat(plugins.toString()).contains("\"websearch\"", "\"default_approval\":\"never\"");

		JsonNode answer = ask(client,
				"tool:websearch {\"query\":\"toolgate approvals\",\"max_results\":2,\"include_answer\":true}");

		String content = answer.at("/choices/0/message/content").asString();
		assertThat(content).startsWith("Tool results: Web search results for \"toolgate approvals\" (Tavily, 2 results):")
			.contains("Answer from Tavily:", "[1] Result 1 for toolgate approvals",
					"URL: https://example.com/toolgate-approvals/1", "[2] Result 2 for toolgate approvals",
					"URL: https://example.com/toolgate-approvals/2");
		assertThat(answer.at("/toolgate/tool_calls/0/name").asString()).isEqualTo("websearch");
		assertThat(answer.at("/toolgate/tool_calls/0/status").asString()).isEqualTo("completed");
		assertThat(TAVILY.lastRequest().authorization()).isEqualTo("Bearer " + FakeTavily.DEFAULT_API_KEY);
		// The model saw the results as the tool message of its second call.
		assertThat(TestUpstreams.openai().lastChatRequestBody()).contains("https://example.com/toolgate-approvals/1");
	}

	@Test
	void aFailedSearchReachesTheModelAsAnErrorResultAndTheTurnGoesOn() {
		HttpTestClient client = new HttpTestClient(port);
		await().atMost(Duration.ofSeconds(30)).until(() -> client.get("/api/plugins").body().contains("\"started\""));

		JsonNode answer = ask(client, "tool:websearch {\"query\":\"error:429 busy\"}");

		assertThat(answer.at("/choices/0/message/content").asString()).contains("Web search failed: Tavily's rate limit");
		assertThat(answer.at("/toolgate/tool_calls/0/status").asString()).isEqualTo("failed");
	}
}
