package io.toolgate.gateway.upstream;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.loadtest.upstream.FakeUpstream;
import io.toolgate.loadtest.upstream.FakeUpstreamConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness ({@code /actuator/health} and the {@code /actuator/health/readiness} probe) follows whether any upstream can serve any model, and answers 503 when
 * none can; liveness ({@code /healthz},
 * {@code /actuator/health/liveness}) stays 200. The gateway has a real upstream (the fake, which goes down and
 * comes back) and an in-process llama.cpp upstream whose only model file is missing: reachable, circuit closed,
 * but unable to serve anything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadinessTest {

	static final FakeUpstream fake = FakeUpstream.start(FakeUpstreamConfig.defaults().withModels("only-model"));

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) {
		registry.add("toolgate.upstreams[0].name", () -> "local");
		registry.add("toolgate.upstreams[0].type", () -> "llamacpp");
		registry.add("toolgate.upstreams[0].models.missing", () -> "/no/such/dir/model.gguf");
		registry.add("toolgate.upstreams[1].name", () -> "remote");
		registry.add("toolgate.upstreams[1].type", () -> "ollama");
		registry.add("toolgate.upstreams[1].base-url", fake::baseUrl);
		// The health indicator reads the last model listing; list often so the test sees changes soon.
		registry.add("toolgate.routing.model-refresh-interval", () -> "200ms");
		// On a crowded machine the first model listing of a cold JVM can take seconds.
		registry.add("toolgate.routing.discovery-timeout", () -> "30s");
		TestUpstreams.registerGateway(registry);
	}

	@AfterAll
	static void stop() {
		fake.close();
	}

	@LocalServerPort
	int port;

	@Test
	void readinessIs503WhenNoUpstreamCanServeAnyModelAndLivenessStays200() {
		HttpTestClient anonymous = new HttpTestClient(port, null);
		HttpTestClient admin = new HttpTestClient(port);
		try {
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				var ready = anonymous.get("/actuator/health");
				assertThat(ready.status()).as(ready.body()).isEqualTo(200);
				assertThat(ready.json().at("/components/upstreams/status").asString()).isEqualTo("UP");
			});

			fake.setDown(true);
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				var ready = anonymous.get("/actuator/health");
				assertThat(ready.status()).as(ready.body()).isEqualTo(503);
				assertThat(ready.json().path("status").asString()).isEqualTo("DOWN");
				assertThat(ready.json().at("/components/upstreams/status").asString()).isEqualTo("DOWN");
			});
			var details = admin.get("/actuator/health").json().at("/components/upstreams/details");
			assertThat(details.at("/local/circuit").asString()).as(details.toString()).isEqualTo("closed");
			assertThat(details.at("/local/reachable").asBoolean()).isTrue();
			assertThat(details.at("/local/models").asInt()).as("the missing file serves nothing").isZero();
			assertThat(details.at("/remote/reachable").asBoolean()).isFalse();
			assertThat(anonymous.get("/actuator/health/readiness").status()).as("readiness probe").isEqualTo(503);
			assertThat(anonymous.get("/healthz").status()).as("liveness").isEqualTo(200);
			assertThat(anonymous.get("/actuator/health/liveness").status()).as("liveness probe").isEqualTo(200);

			fake.setDown(false);
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				var ready = anonymous.get("/actuator/health");
				assertThat(ready.status()).as(ready.body()).isEqualTo(200);
				assertThat(ready.json().at("/components/upstreams/status").asString()).isEqualTo("UP");
			});
		}
		finally {
			fake.setDown(false);
		}
	}
}
