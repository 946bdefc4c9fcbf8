package io.toolgate.gateway.approval;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.GatewayProcess;
import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.StreamingCall;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of the instance that runs or waits on a turn. Nothing stays stuck and nothing runs twice: a
 * turn killed while its approved call ran fails with a reason the client reads (approval API, session history)
 * and the model sees on the next message; a turn killed while its stream waited is continued by the instance
 * where the approval is decided.
 */
class KillDuringApprovedCallTest {

	static final List<String> SHORT_LEASE = List.of("--toolgate.conversation.lease=2s");

	@TempDir
	Path dir;

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aTurnKilledWhileItsApprovedCallRanFailsWithAReasonAndNeverRunsAgain() throws Exception {
		Path data = dir.resolve("data");
		Path runLog = dir.resolve("runs.log");
		String id;
		try (GatewayProcess first = GatewayProcess.start("first", data, runLog, SHORT_LEASE)) {
			HttpTestClient client = first.client();
			var pending = client.post("/v1/chat/completions", ledger("killed-mid-call", 60_000, "crash", false));
			assertThat(pending.json().path("requires_approval").asBoolean()).as(pending.body()).isTrue();
			id = pending.json().path("request_id").asString();
			CompletableFuture.runAsync(() -> client.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true}"));
			await().atMost(Duration.ofSeconds(30)).until(() -> GatewayProcess.runs(runLog, "killed-mid-call") == 1);
			first.kill();
		}
		try (GatewayProcess second = GatewayProcess.start("second", data, runLog, SHORT_LEASE)) {
			HttpTestClient client = second.client();
			JsonNode approval = await().atMost(Duration.ofSeconds(30))
				.until(() -> client.get("/v1/approvals/" + id).json(), found -> "failed".equals(found.path("turn_status").asString()));

			assertThat(approval.path("status").asString()).isEqualTo("approved");
			assertThat(approval.path("turn_error").asString()).contains("stopped").contains("not run again");
			var again = client.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true}");
			assertThat(again.status()).isEqualTo(409);
			List<JsonNode> history = client.get("/api/chat/history/crash").json().path("messages").valueStream().toList();
			assertThat(history.stream().map(m -> m.path("role").asString())).containsExactly("user", "assistant", "tool", "assistant");
			assertThat(history.get(2).path("content").asString()).contains("was not run again");
			assertThat(history.get(3).path("content").asString()).contains("This turn stopped before it finished");
			Thread.sleep(3000); // further recovery passes change nothing
			assertThat(GatewayProcess.runs(runLog, "killed-mid-call")).isEqualTo(1);
		}
	}

	@Test
	void aTurnWhoseStreamDiedWithItsInstanceIsContinuedWhereItsApprovalIsDecided() throws Exception {
		Path data = dir.resolve("data");
		Path runLog = dir.resolve("runs.log");
		try (GatewayProcess first = GatewayProcess.start("first", data, runLog, SHORT_LEASE);
				GatewayProcess second = GatewayProcess.start("second", data, runLog, SHORT_LEASE)) {
			HttpClient http = HttpClient.newBuilder().build();
			StreamingCall stream = StreamingCall.open(http, first.port(), TestUpstreams.ADMIN_KEY,
					ledger("orphaned-stream", 0, "orphan", true));
			String id = stream.approvalId(Duration.ofSeconds(30));
			first.kill();

			// The first instance's lease is still live: the second only records the decision...
			var decision = second.client().post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true}");
			assertThat(decision.status()).as(decision.body()).isEqualTo(200);

			// ...and takes the turn over once the lease ran out: the call runs once, the answer lands in the session.
			HttpTestClient client = second.client();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> "done".equals(client.get("/v1/approvals/" + id).json().path("turn_status").asString()));
			assertThat(GatewayProcess.runs(runLog, "orphaned-stream")).isEqualTo(1);
			List<JsonNode> history = client.get("/api/chat/history/orphan").json().path("messages").valueStream().toList();
			assertThat(history.get(history.size() - 1).path("content").asString()).contains("ledger ran with orphaned-stream");
		}
	}

	private String ledger(String text, int sleepMillis, String session, boolean stream) {
		return json.writeValueAsString(Map.of("model", TestUpstreams.OPENAI_MODEL, "stream", stream, "session_id", session,
				"tools", List.of(Map.of("type", "toolgate", "name", "ledger")),
				"messages", List.of(Map.of("role", "user", "content",
						"tool:ledger " + json.writeValueAsString(Map.of("text", text, "sleep_ms", sleepMillis))))));
	}
}
