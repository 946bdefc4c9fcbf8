package io.toolgate.gateway.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.toolgate.gateway.HttpTestClient;
import io.toolgate.loadtest.upstream.FakeUpstream;
import io.toolgate.loadtest.upstream.FakeUpstreamConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two upstreams (one of each protocol) serve the same model; one dies mid-run. Requests keep succeeding on
 * the survivor, load was shared while both lived, and the dead one's circuit opens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FailoverTest {

	static final FakeUpstream first = FakeUpstream.start(FakeUpstreamConfig.defaults().withModels("both"));

	static final FakeUpstream second = FakeUpstream.start(FakeUpstreamConfig.defaults().withModels("both"));

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) {
		registry.add("toolgate.upstreams[0].name", () -> "first");
		registry.add("toolgate.upstreams[0].type", () -> "ollama");
		registry.add("toolgate.upstreams[0].base-url", first::baseUrl);
		registry.add("toolgate.upstreams[1].name", () -> "second");
		registry.add("toolgate.upstreams[1].type", () -> "openai");
		registry.add("toolgate.upstreams[1].base-url", () -> second.baseUrl() + "/v1");
		registry.add("toolgate.routing.max-attempts", () -> "3");
		registry.add("toolgate.routing.circuit-breaker.minimum-calls", () -> "3");
		registry.add("toolgate.routing.circuit-breaker.window-size", () -> "10");
	}

	@AfterAll
	static void stop() {
		first.close();
		second.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	UpstreamRegistry registry;

	@Test
	void survivesTheLossOfOneUpstreamMidRun() throws Exception {
		HttpTestClient client = new HttpTestClient(port);
		String plain = "{\"model\":\"both\",\"messages\":[{\"role\":\"user\",\"content\":\"text:still here\\ndelay:20\"}]}";
		String streaming = "{\"model\":\"both\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"text:still here\"}]}";
		AtomicInteger failures = new AtomicInteger();
		List<String> problems = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<Void>> calls = new ArrayList<>();
			for (int i = 0; i < 240; i++) {
				boolean stream = i % 2 == 0;
				if (i == 120) {
					first.close();
				}
				calls.add(CompletableFuture.runAsync(() -> {
					if (stream) {
						var answer = client.stream("/v1/chat/completions", streaming);
						if (answer.status() != 200 || !answer.dataLines().contains("[DONE]")
								|| answer.dataLines().stream().anyMatch(l -> l.contains("\"error\""))) {
							failures.incrementAndGet();
							synchronized (problems) {
								problems.add(answer.lines().toString());
							}
						}
					}
					else {
						var answer = client.post("/v1/chat/completions", plain);
						if (answer.status() != 200) {
							failures.incrementAndGet();
							synchronized (problems) {
								problems.add(answer.body());
							}
						}
					}
				}, pool));
				Thread.sleep(5);
			}
			CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
		}
		finally {
			pool.shutdown();
		}

		assertThat(failures.get()).as(problems.toString()).isZero();
		assertThat(first.chatRequests()).as("load shared before the failure").isPositive();
		assertThat(second.chatRequests()).as("load shared before the failure").isPositive();
		assertThat(first.chatRequests() + second.chatRequests()).as("every request reached an upstream")
			.isGreaterThanOrEqualTo(240);
		CircuitBreaker breaker = registry.breakers().circuitBreaker("first");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}
}
