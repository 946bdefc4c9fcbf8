package io.toolgate.gateway.metrics;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestTools;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's {@code prometheus} scrapes a running gateway with a config like {@code ops/prometheus/prometheus.yml}
 * (the admin key as credentials file) and answers a query for {@code toolgate_requests_total}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestTools.class)
class PrometheusScrapeTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void prometheusScrapesTheGatewayAndAnswersAQuery(@TempDir Path dir) throws Exception {
		new HttpTestClient(port).post("/v1/chat/completions",
				"{\"model\":\"" + TestUpstreams.OPENAI_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

		String config = Files.readString(TestUpstreams.repoRoot().resolve("ops/prometheus/prometheus.yml"))
			.replace("localhost:8080", "127.0.0.1:" + port)
			.replace("scrape_interval: 15s", "scrape_interval: 1s");
		assertThat(config).contains("127.0.0.1:" + port, "scrape_interval: 1s");
		Files.writeString(dir.resolve("prometheus.yml"), config);
		Files.copy(TestUpstreams.repoRoot().resolve("ops/prometheus/alerts.yml"), dir.resolve("alerts.yml"));
		Files.writeString(dir.resolve("toolgate.key"), TestUpstreams.ADMIN_KEY + "\n");
		int prometheusPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			prometheusPort = socket.getLocalPort();
		}

		Process prometheus = new ProcessBuilder(executable("prometheus"), "--config.file=" + dir.resolve("prometheus.yml"),
				"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("prometheus.log").toFile())
			.start();
		try {
			String query = "http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
					+ URLEncoder.encode("toolgate_requests_total{job=\"toolgate\"}", StandardCharsets.UTF_8);
			HttpClient http = HttpClient.newHttpClient();
			JsonNode result = null;
			Instant deadline = Instant.now().plusSeconds(30);
			while (Instant.now().isBefore(deadline) && (result == null || result.isEmpty())) {
				Thread.sleep(500);
				assertThat(prometheus.isAlive()).as("prometheus is running: %s", log(dir)).isTrue();
				try {
					HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(query))
						.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() == 200) {
						result = JsonMapper.builder().build().readTree(response.body()).path("data").path("result");
					}
				}
				catch (java.io.IOException notListeningYet) {
					// starting
				}
			}
			assertThat(result).as("toolgate_requests_total through Prometheus's API; log: %s", log(dir)).isNotNull().isNotEmpty();
		}
		finally {
			prometheus.destroy();
			if (!prometheus.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				prometheus.destroyForcibly();
			}
		}
	}

	private static String log(Path dir) {
		try {
			return Files.readString(dir.resolve("prometheus.log"));
		}
		catch (java.io.IOException e) {
			return e.toString();
		}
	}

	/** An executable on the PATH; missing is a failure, never a skip. */
	static String executable(String name) {
		for (String path : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(path, name);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		throw new AssertionError(name + " is not on the PATH: install Debian's prometheus package (.ci/run does)");
	}
}
