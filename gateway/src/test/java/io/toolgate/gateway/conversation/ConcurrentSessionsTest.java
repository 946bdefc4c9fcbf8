package io.toolgate.gateway.conversation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 streaming requests at once, 10 per session, against SQLite: every request succeeds and every message
 * (each request's user message and the assistant's answer) is stored; no SQLITE_BUSY reaches a client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConcurrentSessionsTest {

	static final int SESSIONS = 20;

	static final int PER_SESSION = 10;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		// This test is about storage under concurrency, not latency: 200 cold streams on 2 busy cores may be slow.
		registry.add("toolgate.routing.response-timeout", () -> "60s");
		registry.add("toolgate.routing.idle-timeout", () -> "60s");
		registry.add("toolgate.routing.circuit-breaker.minimum-calls", () -> "100000");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void loseNoMessageUnder200ConcurrentStreams() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		String run = Long.toString(System.nanoTime(), 36);
		List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
		for (int s = 0; s < SESSIONS; s++) {
			for (int m = 0; m < PER_SESSION; m++) {
				String body = "{\"model\":\"" + TestUpstreams.OPENAI_MODEL + "\",\"stream\":true,\"session_id\":\"c" + run + "-" + s
						+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"text:answer " + m + "\\ntoken-delay:5\"}]}";
				calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
					.header("Authorization", "Bearer " + TestUpstreams.ADMIN_KEY)
					.header("Content-Type", "application/json")
					.timeout(Duration.ofSeconds(60))
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString()));
			}
		}
		CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

		for (CompletableFuture<HttpResponse<String>> call : calls) {
			HttpResponse<String> response = call.join();
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).contains("data: [DONE]").doesNotContain("\"error\"");
		}
		long stored = jdbc.sql("SELECT COUNT(*) FROM chat_messages WHERE session_id LIKE ?")
			.param("c" + run + "-%")
			.query(Long.class)
			.single();
		assertThat(stored).isEqualTo(2L * SESSIONS * PER_SESSION);
		HttpTestClient client = new HttpTestClient(port);
		for (int s = 0; s < SESSIONS; s++) {
			var history = client.get("/api/chat/history/c" + run + "-" + s).json().path("messages");
			assertThat(history).hasSize(2 * PER_SESSION);
			for (int i = 0; i < history.size(); i += 2) {
				assertThat(history.get(i).path("role").asString()).isEqualTo("user");
				assertThat(history.get(i + 1).path("role").asString()).isEqualTo("assistant");
			}
		}
		long usage = jdbc.sql("SELECT COUNT(*) FROM usage_records WHERE session_id LIKE ?")
			.param("c" + run + "-%")
			.query(Long.class)
			.single();
		assertThat(usage).isEqualTo((long) SESSIONS * PER_SESSION);
	}
}
