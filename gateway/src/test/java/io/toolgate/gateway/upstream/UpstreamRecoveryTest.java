package io.toolgate.gateway.upstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.NodeSdk;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.openai.OpenAiSchemaValidator;
import io.toolgate.loadtest.upstream.FakeUpstream;
import io.toolgate.loadtest.upstream.FakeUpstreamConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the gateway recovers from and reports upstream trouble: circuits that open turn half-open by themselves
 * and win traffic back, a retried request counts once against a circuit, an upstream's 503 reaches the client
 * as 503 with its Retry-After, and a client that retries on its own (the official SDK) is not retried under.
 * Upstream {@code a} (OpenAI protocol) serves {@code shared} and {@code only-a}; {@code b} (Ollama protocol)
 * serves {@code shared}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UpstreamRecoveryTest {

	static final FakeUpstream a = FakeUpstream.start(FakeUpstreamConfig.defaults().withModels("shared", "only-a"));

	static final FakeUpstream b = FakeUpstream.start(FakeUpstreamConfig.defaults().withModels("shared"));

	/** Maven runs module tests with the module directory as working directory. */

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) {
		registry.add("toolgate.upstreams[0].name", () -> "a");
		registry.add("toolgate.upstreams[0].type", () -> "openai");
		registry.add("toolgate.upstreams[0].base-url", () -> a.baseUrl() + "/v1");
		registry.add("toolgate.upstreams[1].name", () -> "b");
		registry.add("toolgate.upstreams[1].type", () -> "ollama");
		registry.add("toolgate.upstreams[1].base-url", b::baseUrl);
		registry.add("toolgate.routing.max-attempts", () -> "3");
		registry.add("toolgate.routing.backoff", () -> "20ms");
		registry.add("toolgate.routing.circuit-breaker.minimum-calls", () -> "5");
		registry.add("toolgate.routing.circuit-breaker.open-duration", () -> "1s");
		registry.add("toolgate.routing.circuit-breaker.half-open-calls", () -> "2");
		// On a crowded machine the first model listing of a cold JVM can take seconds.
		registry.add("toolgate.routing.discovery-timeout", () -> "30s");
		TestUpstreams.registerGateway(registry);
	}

	@AfterAll
	static void stop() {
		a.close();
		b.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	UpstreamRegistry registry;

	HttpTestClient client;

	@BeforeEach
	void healthyUpstreams() {
		a.setDown(false);
		b.setDown(false);
		registry.breakers().getAllCircuitBreakers().forEach(CircuitBreaker::reset);
		a.reset();
		b.reset();
		client = new HttpTestClient(port);
		// Both fakes' models are listed before a test takes an upstream down (the first listing runs at start-up).
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(client.get("/v1/models").body())
			.contains("\"only-a\"").contains("\"shared\""));
	}

	static String chat(String model, String content) {
		return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
	}

	@Test
	void anOpenCircuitTurnsHalfOpenByItselfAndWinsBackTrafficWhileItsPeerAnswers() {
		CircuitBreaker breaker = registry.breakers().circuitBreaker("a");
		a.setDown(true);
		for (int i = 0; i < 100 && breaker.getState() != CircuitBreaker.State.OPEN; i++) {
			var answer = client.post("/v1/chat/completions", chat("shared", "hello"));
			assertThat(answer.status()).as("b answers meanwhile: " + answer.body()).isEqualTo(200);
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

		a.setDown(false);
		a.reset();
		// No request needs to find the circuit: open-duration (1 s) over, it is half-open by itself.
		await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
		for (int i = 0; i < 200 && a.chatRequests() < 2; i++) {
			var answer = client.post("/v1/chat/completions", chat("shared", "hello"));
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		}
		assertThat(a.chatRequests()).as("a gets real requests as probes").isGreaterThanOrEqualTo(2);
		await().atMost(Duration.ofSeconds(5)).until(() -> breaker.getState() == CircuitBreaker.State.CLOSED);
	}

	@Test
	void aRequestFailingOnEveryRetryCountsOnceAgainstTheCircuit() {
		CircuitBreaker breaker = registry.breakers().circuitBreaker("a");
		a.setDown(true);
		for (int i = 0; i < 2; i++) {
			var answer = client.post("/v1/chat/completions", chat("only-a", "hello"));
			assertThat(answer.status()).as(answer.body()).isEqualTo(503);
		}
		assertThat(a.chatRequests()).as("the gateway still retries for a client that does not").isEqualTo(6);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("one failure per client request").isEqualTo(2);
		assertThat(breaker.getState()).as("two bad requests do not open a circuit whose minimum is five calls")
			.isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void anUpstream503ReachesTheClientAs503WithTheUpstreamsRetryAfter() {
		var answer = client.post("/v1/chat/completions", chat("only-a", "error:503\\nretry-after:7"));

		assertThat(answer.status()).as(answer.body()).isEqualTo(503);
		assertThat(answer.headers().firstValue("Retry-After")).hasValue("7");
		OpenAiSchemaValidator.shared().assertValid("ErrorResponse", answer.body());
		assertThat(answer.json().at("/error/code").asString()).isEqualTo("upstream_unavailable");
		assertThat(answer.json().at("/error/message").asString()).contains("upstream 'a'").contains("503");
		assertThat(a.chatRequests()).as("an upstream that asked for a pause is not called again at once").isEqualTo(1);

		var streamed = client.stream("/v1/chat/completions",
				chat("only-a", "error:503\\nretry-after:7").replace("{\"model\"", "{\"stream\":true,\"model\""));
		assertThat(streamed.status()).as(streamed.lines().toString()).isEqualTo(503);
	}

	@Test
	void aClientThatRetriesItselfStillGetsFailoverToAnotherUpstream() throws Exception {
		a.setDown(true);
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
				.header("Authorization", "Bearer " + TestUpstreams.ADMIN_KEY)
				.header("Content-Type", "application/json")
				.header("X-Stainless-Retry-Count", "0")
				.POST(HttpRequest.BodyPublishers.ofString(chat("shared", "hello")))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(a.chatRequests() + b.chatRequests()).as("at most one call per upstream").isLessThanOrEqualTo(2);
	}

	@Test
	void theOfficialSdkRetryingARateLimitedRequestCausesOneUpstreamCallPerSdkAttempt() throws Exception {
		NodeSdk.ensureInstalled();
		ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "upstream-retries-sdk.mjs")
			.directory(NodeSdk.DIR.toFile())
			.redirectErrorStream(true);
		node.environment().keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("TOOLGATE_"));
		node.environment().put("TOOLGATE_BASE_URL", "http://127.0.0.1:" + port + "/v1");
		node.environment().put("TOOLGATE_API_KEY", TestUpstreams.ADMIN_KEY);
		node.environment().put("TOOLGATE_MODEL", "only-a");
		node.environment().put("NO_COLOR", "1");
		Process process = node.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
		assertThat(process.exitValue()).as(output).isZero();

		// The SDK makes 3 attempts (maxRetries 2); the gateway adds none of its own under them.
		assertThat(a.chatRequests()).as(output).isEqualTo(3);
	}

}
