package io.toolgate.gateway.metrics;

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
		ScriptedRun.run(client);

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
				"toolgate_upstream_fallbacks_total{from=\"",
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
				"toolgate_sandbox_containers 1.0",
				"toolgate_sandbox_exec_duration_seconds_bucket{outcome=\"ok\"",
				"toolgate_sandbox_start_duration_seconds_bucket{kind=\"created\"",
				"gen_ai_client_operation_seconds",
				"http_server_requests_seconds");
	}
}
