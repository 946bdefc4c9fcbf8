package io.toolgate.gateway.approval;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import io.toolgate.gateway.identity.ApiKeyCodec;
import io.toolgate.gateway.openai.OpenAiSchemaValidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Human approval of server-side tool calls, end to end over HTTP, streaming and not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestTools.class)
class ApprovalFlowTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.approval.timeout", () -> "4s");
		registry.add("toolgate.stream.keep-alive", () -> "300ms");
		registry.add("toolgate.tools.guarded.approval.allow[0].argument", () -> "text");
		registry.add("toolgate.tools.guarded.approval.allow[0].matches", () -> "safe .*");
		registry.add("toolgate.agents.trusted.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.trusted.tools", () -> "guarded");
		registry.add("toolgate.agents.trusted.approval.guarded.mode", () -> "never");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	HttpTestClient admin;

	final OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();

	@BeforeEach
	void setUp() {
		admin = new HttpTestClient(port);
	}

	private HttpTestClient newUser(String prefix) {
		return admin.newUser(prefix);
	}

	static String guardedCall(String text, String extra) {
		return "{\"model\":\"" + TestUpstreams.OPENAI_MODEL + "\"," + (extra == null ? "" : extra + ",")
				+ "\"tools\":[{\"type\":\"toolgate\",\"name\":\"guarded\"}],"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"tool:guarded {\\\"text\\\":\\\"" + text + "\\\"}\"}]}";
	}

	@Test
	void returnsAtOnceThenApprovalContinuesTheTurn() {
		HttpTestClient alice = newUser("alice");
		HttpTestClient bob = newUser("bob");
		int runs = TestTools.GUARDED_RUNS.get();

		var pending = alice.post("/v1/chat/completions", guardedCall("secret", null));

		assertThat(pending.status()).as(pending.body()).isEqualTo(200);
		schema.assertValid("CreateChatCompletionResponse", pending.body());
		JsonNode body = pending.json();
		assertThat(body.path("requires_approval").asBoolean()).isTrue();
		assertThat(body.path("tool").asString()).isEqualTo("guarded");
		String id = body.path("request_id").asString();
		assertThat(id).startsWith("apr_");
		assertThat(body.at("/toolgate/type").asString()).isEqualTo("approval_required");
		assertThat(body.at("/toolgate/approval/approve_url").asString()).endsWith("/approve");
		assertThat(TestTools.GUARDED_RUNS.get()).as("nothing runs before a decision").isEqualTo(runs);

		var listed = alice.get("/v1/approvals?status=pending").json().path("data");
		JsonNode mine = listed.valueStream().filter(a -> a.path("id").asString().equals(id)).findFirst().orElseThrow();
		assertThat(mine.path("tool").asString()).isEqualTo("guarded");
		assertThat(mine.path("arguments_sha256").asString()).isEqualTo(ApiKeyCodec.hash(mine.path("arguments").asString()));

		assertThat(bob.get("/v1/approvals/" + id).status()).isEqualTo(404);
		assertThat(bob.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true}").status()).isEqualTo(404);
		assertThat(bob.get("/v1/approvals").json().path("data").valueStream().map(a -> a.path("id").asString()))
			.doesNotContain(id);

		var continued = alice.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true,\"reason\":\"fine\"}");
		assertThat(continued.status()).as(continued.body()).isEqualTo(200);
		schema.assertValid("CreateChatCompletionResponse", continued.body());
		assertThat(continued.json().at("/choices/0/message/content").asString())
			.startsWith("Tool results: guarded ran for alice-").endsWith("with secret");
		assertThat(TestTools.GUARDED_RUNS.get()).isEqualTo(runs + 1);

		JsonNode decided = alice.get("/v1/approvals/" + id).json();
		assertThat(decided.path("status").asString()).isEqualTo("approved");
		assertThat(decided.path("decided_by").asString()).startsWith("alice-");
		assertThat(decided.path("reason").asString()).isEqualTo("fine");
		var again = alice.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":false}");
		assertThat(again.status()).isEqualTo(409);
		schema.assertValid("ErrorResponse", again.body());
	}

	@Test
	void aDenialReachesTheModelAndNothingRuns() {
		HttpTestClient carol = newUser("carol");
		int runs = TestTools.GUARDED_RUNS.get();
		String id = carol.post("/v1/chat/completions", guardedCall("rm everything", null)).json().path("request_id").asString();

		var denied = carol.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":false,\"reason\":\"not now\"}");

		assertThat(denied.status()).isEqualTo(200);
		assertThat(denied.json().at("/choices/0/message/content").asString()).contains("denied by carol-").contains(": not now");
		assertThat(TestTools.GUARDED_RUNS.get()).isEqualTo(runs);
		assertThat(jdbc.sql("SELECT outcome FROM tool_invocations WHERE tool_call_id = (SELECT tool_call_id FROM approvals WHERE id = ?)")
			.param(id).query(String.class).single()).isEqualTo("denied");
	}

	@Test
	void anAdminMayDecideForAnyone() {
		HttpTestClient dave = newUser("dave");
		String id = dave.post("/v1/chat/completions", guardedCall("x", null)).json().path("request_id").asString();

		assertThat(admin.get("/v1/approvals/" + id).status()).isEqualTo(200);
		var continued = admin.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true}");
		assertThat(continued.status()).isEqualTo(200);
		assertThat(continued.json().at("/choices/0/message/content").asString()).contains("guarded ran for dave-");
	}

	@Test
	void argumentRulesAndProfilesDecideWhatNeedsNoApproval() {
		int runs = TestTools.GUARDED_RUNS.get();
		var allowed = admin.post("/v1/chat/completions", guardedCall("safe words", null));
		assertThat(allowed.json().has("requires_approval")).isFalse();
		assertThat(allowed.json().at("/choices/0/message/content").asString()).contains("with safe words");

		var trusted = admin.post("/v1/chat/completions", "{\"model\":\"trusted\",\"messages\":[{\"role\":\"user\","
				+ "\"content\":\"tool:guarded {\\\"text\\\":\\\"anything\\\"}\"}]}");
		assertThat(trusted.json().has("requires_approval")).isFalse();
		assertThat(TestTools.GUARDED_RUNS.get()).isEqualTo(runs + 2);

		assertThat(admin.post("/v1/chat/completions", guardedCall("unsafe words", null)).json().path("requires_approval")
			.asBoolean()).isTrue();
	}

	@Test
	void aStreamWaitsWithKeepAlivesAndResumesOnTheDecision() throws Exception {
		HttpTestClient erin = newUser("erin");
		List<String> lines = new CopyOnWriteArrayList<>();
		CompletableFuture<HttpResponse<Void>> stream = open(erin, guardedCall("streamed", "\"stream\":true"), lines);

		String approvalLine = awaitLine(lines, "approval_required");
		String id = HttpTestClient.Response.class.cast(new HttpTestClient.Response(200, approvalLine.substring(6), null))
			.json().at("/toolgate/approval/id").asString();
		Thread.sleep(800);
		var decision = erin.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true}");
		assertThat(decision.status()).isEqualTo(200);
		assertThat(decision.json().path("object").asString()).isEqualTo("approval");
		assertThat(decision.json().path("status").asString()).isEqualTo("approved");

		stream.get(20, TimeUnit.SECONDS);
		assertThat(lines).contains(": keep-alive");
		assertThat(lines.get(lines.size() - 1)).isEqualTo("data: [DONE]");
		lines.stream().filter(l -> l.startsWith("data: {")).forEach(l -> schema.assertValid("CreateChatCompletionStreamResponse", l.substring(6)));
		assertThat(String.join("\n", lines)).contains("guarded ran for erin-").contains("\"status\":\"completed\"");
	}

	@Test
	void noDecisionInTimeCountsAsADenial() throws Exception {
		HttpTestClient frank = newUser("frank");
		int runs = TestTools.GUARDED_RUNS.get();
		List<String> lines = new CopyOnWriteArrayList<>();
		CompletableFuture<HttpResponse<Void>> stream = open(frank, guardedCall("late", "\"stream\":true"), lines);
		String id = new HttpTestClient.Response(200, awaitLine(lines, "approval_required").substring(6), null).json()
			.at("/toolgate/approval/id").asString();

		stream.get(30, TimeUnit.SECONDS);

		assertThat(String.join("\n", lines)).contains("no decision within the approval timeout").contains("\"status\":\"denied\"");
		assertThat(TestTools.GUARDED_RUNS.get()).isEqualTo(runs);
		assertThat(frank.get("/v1/approvals/" + id).json().path("status").asString()).isEqualTo("expired");
		assertThat(frank.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true}").status()).isEqualTo(409);
	}

	@Test
	void aNonStreamingRequestMayWaitForTheDecision() throws Exception {
		HttpTestClient grace = newUser("grace");
		CompletableFuture<HttpTestClient.Response> waiting = CompletableFuture.supplyAsync(
				() -> grace.post("/v1/chat/completions", guardedCall("patient", "\"toolgate\":{\"approval_mode\":\"wait\"}")));
		String id = await().atMost(Duration.ofSeconds(10)).until(
				() -> grace.get("/v1/approvals?status=pending").json().path("data").valueStream()
					.map(a -> a.path("id").asString()).findFirst().orElse(null), found -> found != null);

		assertThat(grace.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true}").json().path("status").asString())
			.isEqualTo("approved");
		var answer = waiting.get(20, TimeUnit.SECONDS);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().has("requires_approval")).isFalse();
		assertThat(answer.json().at("/choices/0/message/content").asString()).contains("with patient");
	}

	@Test
	void refusesMalformedDecisions() {
		assertThat(admin.post("/approve", "{\"approve\":true}").json().at("/error/param").asString()).isEqualTo("request_id");
		assertThat(admin.post("/approve", "{\"request_id\":\"apr_x\"}").json().at("/error/param").asString()).isEqualTo("approve");
		assertThat(admin.post("/approve", "{\"request_id\":\"apr_missing\",\"approve\":true}").status()).isEqualTo(404);
		assertThat(admin.get("/v1/approvals?status=maybe").status()).isEqualTo(400);
	}

	private CompletableFuture<HttpResponse<Void>> open(HttpTestClient as, String body, List<String> lines) {
		return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
			.header("Authorization", "Bearer " + as.apiKey())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.fromLineSubscriber(new java.util.concurrent.Flow.Subscriber<String>() {
				@Override
				public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
					subscription.request(Long.MAX_VALUE);
				}

				@Override
				public void onNext(String line) {
					if (!line.isEmpty()) {
						lines.add(line);
					}
				}

				@Override
				public void onError(Throwable throwable) {
				}

				@Override
				public void onComplete() {
				}
			}));
	}

	private static String awaitLine(List<String> lines, String containing) {
		return await().atMost(Duration.ofSeconds(15))
			.until(() -> lines.stream().filter(l -> l.contains(containing)).findFirst().orElse(null), line -> line != null);
	}
}
