package io.toolgate.gateway.conversation;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestTools;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A turn runs only the server tools it offered (the agent profile's and the request's). A model that names
 * another installed tool (hallucinated, or told to by injected text) gets "not available", the call is
 * recorded as {@code not_offered}, and the tool never runs, whatever its approval policy: on every path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestTools.class)
class ToolScopeTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.agents.clock-only.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.clock-only.tools", () -> "echo");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	HttpTestClient client;

	final JsonMapper json = JsonMapper.builder().build();

	@BeforeEach
	void setUp() {
		client = new HttpTestClient(port);
	}

	private String request(String model, String content, String... tools) {
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("model", model);
		body.put("messages", java.util.List.of(Map.of("role", "user", "content", content)));
		if (tools.length > 0) {
			body.put("tools", java.util.Arrays.stream(tools).map(name -> Map.of("type", "toolgate", "name", name)).toList());
		}
		return json.writeValueAsString(body);
	}

	private long notOffered(String tool) {
		return jdbc.sql("SELECT COUNT(*) FROM tool_invocations WHERE tool = ? AND outcome = 'not_offered'")
			.param(tool)
			.query(Long.class)
			.single();
	}

	private double notOfferedMetric(String tool) {
		var counter = meters.find("toolgate.tool.calls").tags("tool", tool, "outcome", "not_offered").counter();
		return counter == null ? 0 : counter.count();
	}

	@Test
	void aRequestOfferingOnlyEchoNeverRunsAnotherInstalledTool() {
		long before = notOffered("counted");
		double metricBefore = notOfferedMetric("counted");

		var response = client.post("/v1/chat/completions",
				request(TestUpstreams.OPENAI_MODEL, "tool:counted {\"text\":\"scope-request\"}", "echo"));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().at("/choices/0/message/content").asString())
			.contains("The tool 'counted' is not available in this conversation")
			.contains("echo");
		assertThat(TestTools.runs("scope-request")).isZero();
		assertThat(notOffered("counted")).isEqualTo(before + 1);
		assertThat(notOfferedMetric("counted")).isEqualTo(metricBefore + 1);
	}

	@Test
	void aStreamOfferingOnlyEchoNeverRunsAnotherInstalledTool() {
		long before = notOffered("counted");
		String body = request(TestUpstreams.OPENAI_MODEL, "tool:counted {\"text\":\"scope-stream\"}", "echo");
		var stream = client.stream("/v1/chat/completions", body.substring(0, body.length() - 1) + ",\"stream\":true}");

		assertThat(stream.status()).isEqualTo(200);
		String text = stream.chunks().stream()
			.map(chunk -> chunk.at("/choices/0/delta/content"))
			.filter(JsonNode::isString)
			.map(JsonNode::asString)
			.reduce("", String::concat);
		assertThat(text).contains("The tool 'counted' is not available");
		assertThat(TestTools.runs("scope-stream")).isZero();
		assertThat(notOffered("counted")).isEqualTo(before + 1);
	}

	@Test
	void anAgentProfileOfferingOnlyEchoNeverRunsAnotherInstalledTool() {
		var response = client.post("/v1/chat/completions",
				request("clock-only", "tool:counted {\"text\":\"scope-profile\"}"));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().at("/choices/0/message/content").asString()).contains("is not available");
		assertThat(TestTools.runs("scope-profile")).isZero();
	}

	@Test
	void aNotOfferedToolNeedingNoApprovalDoesNotRunBesideAnOfferedOneThatNeedsApproval() {
		var pending = client.post("/v1/chat/completions", request(TestUpstreams.OPENAI_MODEL,
				"tool:guarded {\"text\":\"scope\"}\ntool:counted {\"text\":\"scope-parallel\"}", "guarded"));

		assertThat(pending.json().path("requires_approval").asBoolean()).as(pending.body()).isTrue();
		assertThat(TestTools.runs("scope-parallel")).isZero();
		var continued = client.post("/approve",
				"{\"request_id\":\"" + pending.json().path("request_id").asString() + "\",\"approve\":true}");
		assertThat(continued.status()).as(continued.body()).isEqualTo(200);
		assertThat(continued.json().at("/choices/0/message/content").asString()).contains("is not available");
		assertThat(TestTools.runs("scope-parallel")).isZero();
	}

	@Test
	void aResumedTurnNeverRunsAToolTheModelNamesAfterTheApproval() {
		// The approved call's result scripts the model's next call: a tool the turn never offered.
		String next = "\ntool:counted {\"text\":\"scope-resumed\"}";
		var pending = client.post("/v1/chat/completions", request(TestUpstreams.OPENAI_MODEL,
				"tool:guarded " + json.writeValueAsString(Map.of("text", next)), "guarded"));
		assertThat(pending.json().path("requires_approval").asBoolean()).as(pending.body()).isTrue();

		var continued = client.post("/approve",
				"{\"request_id\":\"" + pending.json().path("request_id").asString() + "\",\"approve\":true}");

		assertThat(continued.status()).as(continued.body()).isEqualTo(200);
		assertThat(continued.json().at("/choices/0/message/content").asString())
			.contains("The tool 'counted' is not available");
		assertThat(TestTools.runs("scope-resumed")).isZero();
	}

	@Test
	void anInventedToolNameIsCountedAsUnknownWithoutABoundlessMetricLabel() {
		double before = notOfferedMetric("unknown");

		var response = client.post("/v1/chat/completions",
				request(TestUpstreams.OPENAI_MODEL, "tool:made_up_12345 {}", "echo"));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(notOfferedMetric("unknown")).isEqualTo(before + 1);
		assertThat(meters.find("toolgate.tool.calls").tags("tool", "made_up_12345").counter()).isNull();
		assertThat(notOffered("made_up_12345")).isEqualTo(1);
	}
}
