package io.toolgate.gateway.approval;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

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
import static org.awaitility.Awaitility.await;

/**
 * What one user can make the gateway keep: pending approvals are capped per user (429 naming the limit), a
 * waiting turn stores its conversation once (not the request's messages a second time), and the state of a
 * finished turn is deleted after its retention.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestTools.class)
class ApprovalGrowthLimitsTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.approval.max-pending-per-user", () -> "2");
		registry.add("toolgate.conversation.lease", () -> "1s");
		registry.add("toolgate.conversation.turn-retention", () -> "1s");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	HttpTestClient admin;

	final JsonMapper json = JsonMapper.builder().build();

	@BeforeEach
	void setUp() {
		admin = new HttpTestClient(port);
	}

	private HttpTestClient newUser(String prefix) {
		return admin.newUser(prefix);
	}

	private String ledger(String text, String padding) {
		return json.writeValueAsString(Map.of("model", TestUpstreams.OPENAI_MODEL,
				"tools", List.of(Map.of("type", "toolgate", "name", "ledger")),
				"messages", List.of(Map.of("role", "user", "content",
						padding + "\ntool:ledger " + json.writeValueAsString(Map.of("text", text))))));
	}

	@Test
	void aUserWithTheMostPendingApprovalsIsRefusedWith429UntilOneIsDecided() {
		HttpTestClient user = newUser("capped");
		String first = user.post("/v1/chat/completions", ledger("cap-1", "")).json().path("request_id").asString();
		assertThat(user.post("/v1/chat/completions", ledger("cap-2", "")).json().path("requires_approval").asBoolean()).isTrue();

		var refused = user.post("/v1/chat/completions", ledger("cap-3", ""));

		assertThat(refused.status()).as(refused.body()).isEqualTo(429);
		OpenAiSchemaValidator.shared().assertValid("ErrorResponse", refused.body());
		assertThat(refused.json().at("/error/code").asString()).isEqualTo("too_many_pending_approvals");
		assertThat(refused.json().at("/error/message").asString()).contains("2 pending approvals")
			.contains("toolgate.approval.max-pending-per-user");
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(newUser("other").post("/v1/chat/completions", ledger("cap-other", "")).json().path("requires_approval")
			.asBoolean()).as("another user is not affected").isTrue();

		user.post("/approve", "{\"request_id\":\"" + first + "\",\"approve\":false}");
		assertThat(user.post("/v1/chat/completions", ledger("cap-4", "")).json().path("requires_approval").asBoolean()).isTrue();
	}

	@Test
	void aWaitingTurnStoresALargeRequestOnceAndAFinishedTurnsStateIsDeletedAfterItsRetention() {
		String large = "x".repeat(1_000_000);
		var pending = admin.post("/v1/chat/completions", ledger("large", large));
		String id = pending.json().path("request_id").asString();
		String turn = jdbc.sql("SELECT turn_id FROM approvals WHERE id = ?").param(id).query(String.class).single();

		long stored = jdbc.sql("SELECT LENGTH(state) FROM tool_turns WHERE id = ?").param(turn).query(Long.class).single();
		assertThat(stored).as("stored state of a turn with a 1 MB message").isBetween(1_000_000L, 1_200_000L);

		var continued = admin.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true}");
		assertThat(continued.json().at("/choices/0/message/content").asString()).contains("ledger ran with large");
		await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("SELECT state FROM tool_turns WHERE id = ?")
			.param(turn).query(String.class).single().equals("{}"));
		assertThat(admin.get("/v1/approvals/" + id).json().path("turn_status").asString()).isEqualTo("done");
	}
}
