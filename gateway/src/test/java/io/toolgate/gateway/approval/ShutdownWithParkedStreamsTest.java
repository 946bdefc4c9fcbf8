package io.toolgate.gateway.approval;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.GatewayProcess;
import io.toolgate.gateway.StreamingCall;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.openai.OpenAiSchemaValidator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM with 100 streams parked on approvals: the gateway exits within 5 s, every stream ends with an
 * OpenAI-shaped error saying the gateway restarts and how to continue (never a bare EOF), the approvals stay
 * pending, and a decision after the restart continues the turn.
 */
class ShutdownWithParkedStreamsTest {

	static final int STREAMS = 100;

	static final Duration EXIT_LIMIT = Duration.ofSeconds(5);

	@TempDir
	Path dir;

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void sigtermEndsParkedStreamsWithAResumableErrorWithinFiveSeconds() throws Exception {
		Path data = dir.resolve("data");
		Path runLog = dir.resolve("runs.log");
		List<String> extra = List.of("--toolgate.approval.max-pending-per-user=1000", "--toolgate.stream.keep-alive=1s");
		List<StreamingCall> streams = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		HttpClient http = HttpClient.newBuilder().build();
		try (GatewayProcess gateway = GatewayProcess.start("first", data, runLog, extra)) {
			for (int i = 0; i < STREAMS; i++) {
				streams.add(StreamingCall.open(http, gateway.port(), TestUpstreams.ADMIN_KEY, ledger("parked-" + i)));
			}
			for (StreamingCall stream : streams) {
				ids.add(stream.approvalId(Duration.ofSeconds(60)));
			}

			Duration took = gateway.terminate(Duration.ofSeconds(30));

			System.out.println("[shutdown] exited " + (took == null ? "not at all" : took.toMillis() + " ms")
					+ " after SIGTERM with " + STREAMS + " parked streams");
			assertThat(took).as("exited after SIGTERM; log:%n%s", gateway.log()).isNotNull();
			assertThat(took).as("exit time with %d parked streams", STREAMS).isLessThanOrEqualTo(EXIT_LIMIT);
		}
		OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();
		for (StreamingCall stream : streams) {
			List<String> lines = stream.finish(Duration.ofSeconds(10));
			String error = lines.stream().filter(line -> line.startsWith("data: {\"error\"")).findFirst()
				.orElseThrow(() -> new AssertionError("no error event before the end: " + lines));
			JsonNode body = json.readTree(error.substring(6));
			schema.assertValid("ErrorResponse", error.substring(6));
			assertThat(body.at("/error/code").asString()).isEqualTo("gateway_restarting");
			assertThat(body.at("/error/message").asString()).contains("stays pending").contains("POST /approve");
		}
		assertThat(GatewayProcess.runs(runLog, "parked-0")).isZero();

		try (GatewayProcess again = GatewayProcess.start("again", data, runLog, extra)) {
			var approval = again.client().get("/v1/approvals/" + ids.get(0)).json();
			assertThat(approval.path("status").asString()).isEqualTo("pending");
			var continued = again.client().post("/approve", "{\"request_id\":\"" + ids.get(0) + "\",\"approve\":true}");
			assertThat(continued.status()).as(continued.body()).isEqualTo(200);
			assertThat(continued.json().at("/choices/0/message/content").asString()).contains("ledger ran with parked-0");
			assertThat(GatewayProcess.runs(runLog, "parked-0")).isEqualTo(1);
		}
	}

	private String ledger(String text) {
		return json.writeValueAsString(Map.of("model", TestUpstreams.OPENAI_MODEL, "stream", true,
				"tools", List.of(Map.of("type", "toolgate", "name", "ledger")),
				"messages", List.of(Map.of("role", "user", "content", "tool:ledger " + json.writeValueAsString(Map.of("text", text))))));
	}
}
