package io.toolgate.gateway;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Readiness components (database, upstreams, plugins) and request ids. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HealthAndRequestIdTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestUpstreams.register(registry);
		int deadPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			deadPort = socket.getLocalPort();
		}
		registry.add("toolgate.upstreams[2].name", () -> "dead");
		registry.add("toolgate.upstreams[2].type", () -> "ollama");
		registry.add("toolgate.upstreams[2].base-url", () -> "http://127.0.0.1:" + deadPort);
	}

	@LocalServerPort
	int port;

	@Test
	void reportsComponentsPubliclyAndDetailsToSignedInCallers() {
		var anonymous = new HttpTestClient(port, null).get("/actuator/health");
		assertThat(anonymous.status()).isEqualTo(200);
		assertThat(anonymous.json().path("status").asString()).isEqualTo("UP");
		assertThat(anonymous.json().at("/components/db/status").asString()).isEqualTo("UP");
		assertThat(anonymous.json().at("/components/upstreams/status").asString()).isEqualTo("UP");
		assertThat(anonymous.json().at("/components/plugins/status").asString()).isEqualTo("UP");
		assertThat(anonymous.body()).doesNotContain("fake-openai");

		HttpTestClient admin = new HttpTestClient(port);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			var upstreams = admin.get("/actuator/health").json().at("/components/upstreams/details");
			assertThat(upstreams.at("/fake-openai/reachable").asBoolean()).isTrue();
			assertThat(upstreams.at("/dead/reachable").asBoolean()).isFalse();
		});
	}

	@Test
	void givesEveryRequestAnIdAndKeepsTheClients() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> given = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models"))
			.header("Authorization", "Bearer " + TestUpstreams.ADMIN_KEY)
			.header("X-Request-Id", "client-id-42")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(given.headers().firstValue("X-Request-Id")).hasValue("client-id-42");

		HttpResponse<String> generated = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
			.header("X-Request-Id", "not acceptable; has spaces")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(generated.headers().firstValue("X-Request-Id")).get().asString().startsWith("req_");
	}
}
