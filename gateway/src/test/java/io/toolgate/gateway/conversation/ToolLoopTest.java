package io.toolgate.gateway.conversation;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestTools;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.openai.OpenAiSchemaValidator;

import static org.assertj.core.api.Assertions.assertThat;

/** The tool loop against both fake upstream protocols, scripted to call server-side test tools. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestTools.class)
class ToolLoopTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.agents.helper.model", () -> TestUpstreams.OLLAMA_MODEL);
		registry.add("toolgate.agents.helper.tools", () -> "echo,relay");
		registry.add("toolgate.agents.helper.system-prompt", () -> "You are the helper profile.");
		registry.add("toolgate.agents.looper.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.looper.tools", () -> "again");
		registry.add("toolgate.agents.looper.max-steps", () -> "3");
		registry.add("toolgate.agents.narrator.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.narrator.tools", () -> "echo");
		registry.add("toolgate.agents.narrator.render-tool-activity", () -> "true");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	HttpTestClient client;

	final OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();

	@BeforeEach
	void setUp() {
		client = new HttpTestClient(port);
	}

	static String request(String model, String content, String tools) {
		return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":" + quote(content) + "}]"
				+ (tools == null ? "" : ",\"tools\":" + tools) + "}";
	}

	static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}

	static String toolgate(String... names) {
		StringBuilder tools = new StringBuilder("[");
		for (int i = 0; i < names.length; i++) {
			tools.append(i == 0 ? "" : ",").append("{\"type\":\"toolgate\",\"name\":\"").append(names[i]).append("\"}");
		}
		return tools.append("]").toString();
	}

	private JsonNode complete(String body) {
		var response = client.post("/v1/chat/completions", body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		schema.assertValid("CreateChatCompletionResponse", response.body());
		return response.json();
	}

	private long invocations(String tool, String outcome) {
		return jdbc.sql("SELECT COUNT(*) FROM tool_invocations WHERE tool = ? AND outcome = ?")
			.params(tool, outcome)
			.query(Long.class)
			.single();
	}

	@ParameterizedTest
	@ValueSource(strings = { TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL })
	void runsAServerToolAndGivesTheModelItsResult(String model) {
		long before = invocations("echo", "completed");
		JsonNode body = complete(request(model, "tool:echo {\"text\":\"hi\"}", toolgate("echo")));

		assertThat(body.at("/choices/0/message/content").asString()).isEqualTo("Tool results: echo:hi");
		assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
		assertThat(body.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();
		JsonNode activity = body.at("/toolgate/tool_calls/0");
		assertThat(activity.path("name").asString()).isEqualTo("echo");
		assertThat(activity.path("status").asString()).isEqualTo("completed");
		assertThat(invocations("echo", "completed")).isEqualTo(before + 1);
		String sentUpstream = (model.equals(TestUpstreams.OLLAMA_MODEL) ? TestUpstreams.ollama() : TestUpstreams.openai())
			.lastChatRequestBody();
		assertThat(sentUpstream).contains("echo:hi").doesNotContain("toolgate");
	}

	@Test
	void runsParallelCallsAndKeepsTheModelsOrder() {
		JsonNode body = complete(request(TestUpstreams.OPENAI_MODEL,
				"tool:echo {\"text\":\"a\"}\ntool:echo {\"text\":\"b\"}\ntool:echo {\"text\":\"c\"}", toolgate("echo")));

		assertThat(body.at("/choices/0/message/content").asString()).isEqualTo("Tool results: echo:a | echo:b | echo:c");
		assertThat(body.at("/toolgate/tool_calls")).hasSize(3);
	}

	@Test
	void runsSeveralStepsWhenToolResultsAskForMore() {
		JsonNode body = complete(request(TestUpstreams.OLLAMA_MODEL,
				"tool:relay {\"next\":\"tool:echo {\\\"text\\\":\\\"second step\\\"}\"}", toolgate("relay", "echo")));

		assertThat(body.at("/choices/0/message/content").asString()).isEqualTo("Tool results: echo:second step");
		assertThat(body.at("/toolgate/tool_calls").valueStream().map(t -> t.path("name").asString()))
			.containsExactly("relay", "echo");
	}

	@Test
	void reportsUnknownToolsBadArgumentsFailuresAndTimeoutsToTheModel() {
		JsonNode body = complete(request(TestUpstreams.OPENAI_MODEL,
				"tool:nonexistent {}\ntool:echo [1,2]\ntool:broken {}\ntool:slow {}", toolgate("echo", "broken", "slow")));

		String content = body.at("/choices/0/message/content").asString();
		assertThat(content).contains("The tool 'nonexistent' is not available in this conversation")
			.contains("do not match its parameters")
			.contains("failed: kaboom")
			.contains("did not finish within 1 s");
		assertThat(body.at("/toolgate/tool_calls").valueStream().map(t -> t.path("status").asString()))
			.containsExactlyInAnyOrder("failed", "failed", "failed", "timeout");
		assertThat(invocations("slow", "timeout")).isPositive();
	}

	@Test
	void stopsAtTheStepLimit() {
		long before = invocations("again", "completed");
		JsonNode body = complete(request("looper", "tool:again {}", null));

		assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("length");
		assertThat(invocations("again", "completed") - before).isEqualTo(3);
	}

	@Test
	void streamsToolActivityInTheExtensionField() {
		var stream = client.stream("/v1/chat/completions", request(TestUpstreams.OLLAMA_MODEL,
				"tool:echo {\"text\":\"streamed\"}", toolgate("echo")).replaceFirst("\\{", "{\"stream\":true,"));

		List<String> data = stream.dataLines();
		assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
		data.subList(0, data.size() - 1).forEach(line -> schema.assertValid("CreateChatCompletionStreamResponse", line));
		List<JsonNode> chunks = stream.chunks();
		assertThat(chunks.get(0).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
		List<String> statuses = chunks.stream()
			.filter(c -> c.has("toolgate"))
			.map(c -> c.at("/toolgate/status").asString())
			.toList();
		assertThat(statuses).containsExactly("running", "completed");
		StringBuilder content = new StringBuilder();
		chunks.forEach(c -> content.append(c.at("/choices/0/delta/content").asString("")));
		assertThat(content.toString()).isEqualTo("Tool results: echo:streamed");
		assertThat(chunks.stream().filter(c -> c.at("/choices/0/finish_reason").isString()).toList()).hasSize(1);
		assertThat(chunks.stream().map(c -> c.path("id").asString()).distinct()).hasSize(1);
	}

	@Test
	void returnsClientToolCallsToTheClient() {
		String tools = "[{\"type\":\"toolgate\",\"name\":\"echo\"},{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
				+ "\"parameters\":{\"type\":\"object\"}}}]";
		JsonNode body = complete(request(TestUpstreams.OPENAI_MODEL, "tool:get_weather {\"city\":\"Paris\"}", tools));

		assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("tool_calls");
		assertThat(body.at("/choices/0/message/tool_calls/0/function/name").asString()).isEqualTo("get_weather");
	}

	@Test
	void servesAgentProfilesAsModels() {
		List<String> models = client.get("/v1/models").json().path("data").valueStream()
			.map(m -> m.path("id").asString()).toList();
		assertThat(models).contains("helper", "looper");
		assertThat(client.get("/v1/models/helper").json().path("owned_by").asString()).isEqualTo("toolgate");

		JsonNode body = complete(request("helper", "tool:echo {\"text\":\"via profile\"}", null));

		assertThat(body.path("model").asString()).isEqualTo("helper");
		assertThat(body.at("/choices/0/message/content").asString()).isEqualTo("Tool results: echo:via profile");
		assertThat(TestUpstreams.ollama().lastChatRequestBody()).contains("You are the helper profile.")
			.contains("\"model\":\"" + TestUpstreams.OLLAMA_MODEL + "\"");
	}

	@Test
	void rendersToolActivityIntoContentWhenTheProfileSaysSo() {
		var stream = client.stream("/v1/chat/completions",
				"{\"model\":\"narrator\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"tool:echo {\\\"text\\\":\\\"x\\\"}\"}]}");
		StringBuilder content = new StringBuilder();
		stream.chunks().forEach(c -> content.append(c.at("/choices/0/delta/content").asString("")));
		assertThat(content.toString()).contains("Running `echo`").contains("Tool results: echo:x");
	}

	@Test
	void refusesUnknownServerTools() {
		var response = client.post("/v1/chat/completions", request(TestUpstreams.OPENAI_MODEL, "hi", toolgate("no_such_tool")));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().at("/error/param").asString()).isEqualTo("tools");
		assertThat(response.json().at("/error/code").asString()).isEqualTo("unknown_tool");
	}
}
