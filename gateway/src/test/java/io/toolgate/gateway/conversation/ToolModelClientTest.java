package io.toolgate.gateway.conversation;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.tools.ToolCaller;
import io.toolgate.plugin.api.ModelClient;
import io.toolgate.plugin.api.Tool;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;
import io.toolgate.plugin.api.ToolSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model-client host service: a tool asks a served model for one completion, routed and metered like chat. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ToolModelClientTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.agents.asker.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.asker.tools", () -> "ask_model");
	}

	/** A tool that asks the model (the turn's, or the one named in its arguments) and returns the answer. */
	@TestConfiguration(proxyBeanMethods = false)
	static class AskModelTool {

		@Bean
		Tool askModel() {
			return new Tool() {
				@Override
				public ToolSpec spec() {
					return ToolSpec.of("ask_model", "Asks a model", "{\"type\":\"object\",\"properties\":{"
							+ "\"prompt\":{\"type\":\"string\"},\"model\":{\"type\":\"string\"}}}");
				}

				@Override
				public ToolResult call(ToolCall call, ToolContext context) throws Exception {
					String answer = context.model().complete(call.string("model", null), "You answer briefly.",
							call.string("prompt", ""), Map.of("temperature", 0.2));
					return ToolResult.text("model said: " + answer);
				}
			};
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	ToolModelClients clients;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	ModelClient client(String userId, String turnModel) {
		return clients.modelFor(new ToolCaller("turn-1", userId, "alice", null, turnModel));
	}

	long usageRows(String userId, String model) {
		return jdbc.sql("SELECT COUNT(*) FROM usage_records WHERE user_id = ? AND model = ?")
			.params(userId, model)
			.query(Long.class)
			.single();
	}

	@Test
	void answersWithTheTurnsModelAndSendsThePromptsAndOptions() throws Exception {
		String answer = client("u-default", TestUpstreams.OPENAI_MODEL).complete(null, "You write slides.",
				"text:# Deck", Map.of("temperature", 0.3, "max_tokens", 64));

		assertThat(answer).isEqualTo("# Deck");
		JsonNode sent = json.readTree(TestUpstreams.openai().lastChatRequestBody());
		assertThat(sent.get("model").asString()).isEqualTo(TestUpstreams.OPENAI_MODEL);
		assertThat(sent.at("/messages/0/role").asString()).isEqualTo("system");
		assertThat(sent.at("/messages/0/content").asString()).isEqualTo("You write slides.");
		assertThat(sent.at("/messages/1/role").asString()).isEqualTo("user");
		assertThat(sent.at("/messages/1/content").asString()).isEqualTo("text:# Deck");
		assertThat(sent.get("temperature").asDouble()).isEqualTo(0.3);
		assertThat(sent.toString()).contains("64");
		assertThat(usageRows("u-default", TestUpstreams.OPENAI_MODEL)).isEqualTo(1);
	}

	@Test
	void aNamedModelWinsOverTheTurnsAndGoesThroughRouting() throws Exception {
		String answer = client("u-named", TestUpstreams.OPENAI_MODEL).complete(TestUpstreams.OLLAMA_MODEL, null,
				"text:from ollama", Map.of());

		assertThat(answer).isEqualTo("from ollama");
		assertThat(TestUpstreams.ollama().lastChatRequestBody()).contains("text:from ollama");
		assertThat(usageRows("u-named", TestUpstreams.OLLAMA_MODEL)).isEqualTo(1);
	}

	@Test
	void toolsCannotTakeOverTheRequest() throws Exception {
		client("u-reserved", TestUpstreams.OPENAI_MODEL).complete(null, null, "text:ok",
				Map.of("stream", true, "n", 3, "tools", java.util.List.of(Map.of("type", "function")), "model", "other",
						"session_id", "s1"));

		JsonNode sent = json.readTree(TestUpstreams.openai().lastChatRequestBody());
		assertThat(sent.get("model").asString()).isEqualTo(TestUpstreams.OPENAI_MODEL);
		assertThat(sent.has("tools")).isFalse();
		assertThat(sent.has("session_id")).isFalse();
		assertThat(sent.path("n").isMissingNode() || sent.path("n").asInt() == 1).isTrue();
	}

	@Test
	void failuresAreClearExceptions() {
		assertThatThrownBy(() -> client("u", null).complete(null, null, "hi", Map.of()))
			.hasMessageContaining("no model");
		assertThatThrownBy(() -> client("u", TestUpstreams.OPENAI_MODEL).complete("no-such-model", null, "hi", Map.of()))
			.hasMessageContaining("unknown model 'no-such-model'");
		assertThatThrownBy(() -> client("u", TestUpstreams.OPENAI_MODEL).complete(null, null, "hi", Map.of("temperature", 5)))
			.hasMessageContaining("invalid model options").hasMessageContaining("temperature");
		assertThatThrownBy(() -> client("u", TestUpstreams.OPENAI_MODEL).complete(null, null, " ", Map.of()))
			.hasMessageContaining("user prompt");
		assertThatThrownBy(() -> client("u-fail", TestUpstreams.OPENAI_MODEL).complete(null, null, "error:500", Map.of()))
			.hasMessageContaining("could not answer").hasMessageContaining("fake-openai");
		assertThat(usageRows("u-fail", TestUpstreams.OPENAI_MODEL)).isZero();
	}

	@Test
	void aToolInTheLoopAsksTheTurnsModel() {
		HttpTestClient http = new HttpTestClient(port);
		var response = http.post("/v1/chat/completions", "{\"model\":\"asker\",\"messages\":[{\"role\":\"user\","
				+ "\"content\":\"tool:ask_model {\\\"prompt\\\":\\\"text:forty-two\\\"}\"}]}");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().at("/choices/0/message/content").asString()).isEqualTo("Tool results: model said: forty-two");
	}
}
