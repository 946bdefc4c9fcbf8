package io.toolgate.gateway.upstream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
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
 * Two upstreams (one of each protocol) serve the same model; one is killed (SIGKILL, a separate process)
 * mid-run. Requests keep succeeding on the survivor, load was shared while both lived, and the dead one's
 * circuit opens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FailoverTest {

	static final UpstreamProcess first = UpstreamProcess.start("both");

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
		// The first listing of a cold upstream JVM can outlast 5 s on a crowded machine; without it, "first"
		// never joins the route and cannot serve its share.
		registry.add("toolgate.routing.discovery-timeout", () -> "30s");
		io.toolgate.gateway.TestUpstreams.registerGateway(registry);
	}

	@AfterAll
	static void stop() {
		first.kill();
		second.close();
	}

	/** A fake upstream in its own JVM, so that it can be killed like a crashed server. */
	record UpstreamProcess(Process process, String baseUrl) {

		static UpstreamProcess start(String models) {
			try {
				Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"-cp", System.getProperty("java.class.path"), "io.toolgate.loadtest.Main", "upstream", "--port", "0",
						"--models", models)
					.redirectErrorStream(true)
					.start();
				BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
				String line;
				while ((line = out.readLine()) != null) {
					int at = line.indexOf("http://");
					if (line.contains("listening") && at >= 0) {
						Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
						drain.setDaemon(true);
						drain.start();
						return new UpstreamProcess(process, line.substring(at).trim());
					}
				}
				throw new IllegalStateException("the fake upstream process exited: " + process.waitFor());
			}
			catch (IOException | InterruptedException e) {
				throw new IllegalStateException(e);
			}
		}

		void kill() {
			process.destroyForcibly();
		}
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
		// The Ollama-protocol fake sends no system_fingerprint: answers without one were served by "first".
		AtomicInteger servedByFirst = new AtomicInteger();
		List<String> problems = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		AtomicInteger completed = new AtomicInteger();
		try {
			// Phase 1: both upstreams alive. Phase 2: the first is killed once 20 more requests have finished,
			// with the rest of them in flight or queued. Counting completions (not submissions) keeps the kill
			// mid-run however slow the machine is.
			for (int phase = 1; phase <= 2; phase++) {
				int count = phase == 1 ? 60 : 180;
				int killAfter = completed.get() + 20;
				List<CompletableFuture<Void>> calls = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					boolean stream = i % 2 == 0;
					calls.add(CompletableFuture.runAsync(() -> {
						if (stream) {
							var answer = client.stream("/v1/chat/completions", streaming);
							if (answer.status() == 200 && answer.lines().stream().noneMatch(l -> l.contains("system_fingerprint"))) {
								servedByFirst.incrementAndGet();
							}
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
							if (answer.status() == 200 && !answer.body().contains("system_fingerprint")) {
								servedByFirst.incrementAndGet();
							}
							if (answer.status() != 200) {
								failures.incrementAndGet();
								synchronized (problems) {
									problems.add(answer.body());
								}
							}
						}
						completed.incrementAndGet();
					}, pool));
				}
				if (phase == 2) {
					while (completed.get() < killAfter) {
						Thread.sleep(5);
					}
					first.kill();
				}
				CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
			}
		}
		finally {
			pool.shutdown();
		}

		assertThat(failures.get()).as(problems.toString()).isZero();
		assertThat(servedByFirst.get()).as("the first upstream served its share before it died").isPositive();
		assertThat(second.chatRequests()).as("the survivor served").isGreaterThanOrEqualTo(120);
		// Whatever the timing above, calls that still try the dead upstream fail fast and open its circuit.
		for (int i = 0; i < 10; i++) {
			assertThat(client.post("/v1/chat/completions", plain).status()).isEqualTo(200);
		}
		CircuitBreaker breaker = registry.breakers().circuitBreaker("first");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}
}
