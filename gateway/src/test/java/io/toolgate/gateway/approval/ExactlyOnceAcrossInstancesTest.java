package io.toolgate.gateway.approval;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.GatewayProcess;
import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.StreamingCall;
import io.toolgate.gateway.TestPostgres;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway processes on one database. An approval decided on one instance runs its call exactly once,
 * whichever instance holds the waiting request: the run needs one atomic claim of the turn, and an instance
 * whose request waits on a turn holds it (a lease it renews) so the deciding instance only relays the decision.
 * Two decisions posted at once to both instances: one wins, the call runs once.
 */
class ExactlyOnceAcrossInstancesTest {

	static final int STREAMS = 100;

	static final int RACES = 20;

	@TempDir
	Path dir;

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void onOneSqliteFileEveryApprovalDecidedOnTheOtherInstanceRunsExactlyOnce() throws Exception {
		String url = "jdbc:sqlite:" + dir.resolve("shared.db") + "?journal_mode=WAL&synchronous=NORMAL&foreign_keys=true"
				+ "&busy_timeout=30000&transaction_mode=IMMEDIATE";
		twoInstances(List.of("--spring.datasource.url=" + url));
	}

	@Test
	void onOnePostgresDatabaseEveryApprovalDecidedOnTheOtherInstanceRunsExactlyOnce() throws Exception {
		TestPostgres.resetSchema();
		twoInstances(List.of("--spring.datasource.url=" + TestPostgres.URL,
				"--spring.datasource.username=" + TestPostgres.USER, "--spring.datasource.password=" + TestPostgres.PASSWORD));
	}

	private void twoInstances(List<String> database) throws Exception {
		Path runLog = dir.resolve("runs.log");
		List<String> extra = new ArrayList<>(database);
		extra.add("--toolgate.approval.max-pending-per-user=1000");
		extra.add("--toolgate.stream.keep-alive=1s");
		// Start one after the other: the first migrates the database.
		try (GatewayProcess a = GatewayProcess.start("a", dir.resolve("a"), runLog, extra);
				GatewayProcess b = GatewayProcess.start("b", dir.resolve("b"), runLog, extra)) {
			streamsWaitingOnAApprovedOnB(a, b, runLog);
			decisionsRacingOnBothInstances(a.client(), b.client(), runLog);
			assertThat(a.log()).doesNotContain("OutOfMemoryError");
		}
	}

	private void streamsWaitingOnAApprovedOnB(GatewayProcess a, GatewayProcess b, Path runLog) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpTestClient approver = b.client();
		ExecutorService pool = Executors.newFixedThreadPool(25);
		try {
			List<CompletableFuture<String>> done = new ArrayList<>();
			for (int i = 0; i < STREAMS; i++) {
				String text = "stream-" + i;
				done.add(CompletableFuture.supplyAsync(() -> {
					try {
						StreamingCall call = StreamingCall.open(http, a.port(), TestUpstreams.ADMIN_KEY, ledger(text, true));
						String id = call.approvalId(Duration.ofSeconds(60));
						var decision = approver.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true}");
						assertThat(decision.status()).as(decision.body()).isEqualTo(200);
						return String.join("\n", call.finish(Duration.ofSeconds(90)));
					}
					catch (Exception e) {
						throw new IllegalStateException(e);
					}
				}, pool));
			}
			for (int i = 0; i < STREAMS; i++) {
				String stream = done.get(i).get(3, TimeUnit.MINUTES).strip();
				assertThat(stream).as("stream %d", i).contains("ledger ran with stream-" + i).endsWith("data: [DONE]");
			}
		}
		finally {
			pool.shutdownNow();
		}
		for (int i = 0; i < STREAMS; i++) {
			assertThat(GatewayProcess.runs(runLog, "stream-" + i)).as("runs of stream-%d", i).isEqualTo(1);
		}
	}

	private void decisionsRacingOnBothInstances(HttpTestClient a, HttpTestClient b, Path runLog) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			for (int i = 0; i < RACES; i++) {
				String text = "race-" + i;
				var pending = a.post("/v1/chat/completions", ledger(text, false));
				assertThat(pending.json().path("requires_approval").asBoolean()).as(pending.body()).isTrue();
				String decide = "{\"request_id\":\"" + pending.json().path("request_id").asString() + "\",\"approve\":true}";
				var onA = CompletableFuture.supplyAsync(() -> a.post("/approve", decide), pool);
				var onB = CompletableFuture.supplyAsync(() -> b.post("/approve", decide), pool);
				List<Integer> statuses = List.of(onA.get(1, TimeUnit.MINUTES).status(), onB.get(1, TimeUnit.MINUTES).status());
				assertThat(statuses).as("one decision wins, the other is refused").containsExactlyInAnyOrder(200, 409);
				var winner = onA.get().status() == 200 ? onA.get() : onB.get();
				assertThat(winner.json().at("/choices/0/message/content").asString()).contains("ledger ran with " + text);
			}
		}
		finally {
			pool.shutdownNow();
		}
		for (int i = 0; i < RACES; i++) {
			assertThat(GatewayProcess.runs(runLog, "race-" + i)).as("runs of race-%d", i).isEqualTo(1);
		}
	}

	private String ledger(String text, boolean stream) {
		return json.writeValueAsString(Map.of("model", TestUpstreams.OPENAI_MODEL, "stream", stream,
				"tools", List.of(Map.of("type", "toolgate", "name", "ledger")),
				"messages", List.of(Map.of("role", "user", "content", "tool:ledger " + json.writeValueAsString(Map.of("text", text))))));
	}
}
