package io.toolgate.gateway.metrics;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestTools;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/** After a scripted run through chat, streaming, tools and approvals, every named metric is exported. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestTools.class)
class MetricsTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void exportsEveryGatewayMetricAfterAScriptedRun() {
		HttpTestClient client = new HttpTestClient(port);
		for (String model : List.of(TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL)) {
			client.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
			client.stream("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":true,"
					+ "\"messages\":[{\"role\":\"user\",\"content\":\"tokens:5\"}]}");
		}
		client.post("/v1/embeddings", "{\"model\":\"" + TestUpstreams.OPENAI_EMBED + "\",\"input\":\"x\"}");
		client.post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.OPENAI_MODEL
				+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"error:500\"}]}");
		client.post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.OPENAI_MODEL + "\",\"tools\":[{\"type\":\"toolgate\","
				+ "\"name\":\"echo\"}],\"messages\":[{\"role\":\"user\",\"content\":\"tool:echo {\\\"text\\\":\\\"m\\\"}\"}]}");
		for (boolean approve : List.of(true, false)) {
			String id = client.post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.OPENAI_MODEL + "\",\"tools\":[{\"type\":"
					+ "\"toolgate\",\"name\":\"guarded\"}],\"messages\":[{\"role\":\"user\",\"content\":\"tool:guarded {}\"}]}")
				.json().path("request_id").asString();
			client.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":" + approve + "}");
		}

		assertThat(new HttpTestClient(port, null).get("/actuator/prometheus").status()).isEqualTo(401);
		var scrape = client.get("/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		String metrics = scrape.body();
		assertThat(metrics).contains(
				"toolgate_requests_total{endpoint=\"chat\",model=\"" + TestUpstreams.OPENAI_MODEL + "\",status=\"200\",stream=\"false\"}",
				"toolgate_requests_total{endpoint=\"chat\",model=\"" + TestUpstreams.OPENAI_MODEL + "\",status=\"502\"",
				"toolgate_requests_total{endpoint=\"embeddings\"",
				"toolgate_request_duration_seconds_bucket",
				"toolgate_gateway_overhead_seconds_bucket",
				"toolgate_time_to_first_token_seconds_bucket",
				"toolgate_tokens_total{model=\"" + TestUpstreams.OLLAMA_MODEL + "\",type=\"completion\",user=\"all\"}",
				"toolgate_upstream_calls_total{outcome=\"failure\",upstream=\"fake-openai\"}",
				"toolgate_upstream_calls_total{outcome=\"success\",upstream=\"fake-ollama\"}",
				"toolgate_upstream_duration_seconds_bucket",
				"toolgate_upstream_retries_total{upstream=\"fake-openai\"}",
				"toolgate_upstream_in_flight{upstream=\"fake-openai\"}",
				"toolgate_requests_in_flight",
				"resilience4j_circuitbreaker_state{name=\"fake-openai\"",
				"toolgate_tool_calls_total{outcome=\"completed\",tool=\"echo\"}",
				"toolgate_tool_calls_total{outcome=\"denied\",tool=\"guarded\"}",
				"toolgate_tool_duration_seconds_bucket",
				"toolgate_approvals_total{event=\"requested\",tool=\"guarded\"} 2.0",
				"toolgate_approvals_total{event=\"approved\",tool=\"guarded\"} 1.0",
				"toolgate_approvals_total{event=\"denied\",tool=\"guarded\"} 1.0",
				"toolgate_approvals_pending 0.0",
				"toolgate_approval_decision_time_seconds_bucket",
				"toolgate_plugins{state=\"started\"}",
				"gen_ai_client_operation_seconds",
				"http_server_requests_seconds");
	}
}
