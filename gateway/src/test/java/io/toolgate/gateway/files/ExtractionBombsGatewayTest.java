package io.toolgate.gateway.files;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.files.extract.Bombs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 4 over real HTTP: any user attaches files crafted to exhaust the extractor (2,000,000 cells in a
 * few MB, a 24M-character document body) to one chat request. The request is answered with bounded text that says
 * where reading stopped, and the gateway keeps answering {@code /healthz} for everyone while it extracts. The fake
 * upstream's {@code echo} answers with what the model received.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExtractionBombsGatewayTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		// Deterministic on a loaded CI machine: fewer cells than the default, more time. The default limits are
		// exercised by ExtractionBombsTest; this test is about the gateway staying up and the answer being bounded.
		registry.add("toolgate.files.extraction.max-cells", () -> "50000");
		registry.add("toolgate.files.attachments.timeout", () -> "120s");
		registry.add("toolgate.routing.response-timeout", () -> "120s");
	}

	@LocalServerPort
	int port;

	@TempDir
	Path dir;

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void bombsAttachedToAChatAreReadWithinTheLimitsWhileTheGatewayKeepsAnswering() throws Exception {
		HttpTestClient admin = new HttpTestClient(port);
		String key = FilesClient.newUserKey(admin, "bomber");
		FilesClient files = new FilesClient(port, key);
		String cells = files.uploaded("cells.xlsx", "application/octet-stream",
				Files.readAllBytes(Bombs.spreadsheet(dir.resolve("cells.xlsx"), 200_000, 10)), "user_data")
			.path("id")
			.asString();
		String words = files.uploaded("words.docx", "application/octet-stream",
				Files.readAllBytes(Bombs.document(dir.resolve("words.docx"), 400_000)), "user_data")
			.path("id")
			.asString();
		String body = "{\"model\":\"" + TestUpstreams.OLLAMA_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":["
				+ "{\"type\":\"text\",\"text\":\"echo\"},{\"type\":\"file\",\"file\":{\"file_id\":\"" + cells + "\"}},"
				+ "{\"type\":\"file\",\"file\":{\"file_id\":\"" + words + "\"}}]}]}";

		// The test client's 30 s timeout is too short for a loaded CI machine; the bound under test is the gateway's.
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofMinutes(4))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		CompletableFuture<HttpResponse<String>> chat = HttpClient.newHttpClient()
			.sendAsync(request, HttpResponse.BodyHandlers.ofString());
		int healthyWhileExtracting = 0;
		while (!chat.isDone()) {
			var health = new HttpTestClient(port).get("/healthz");
			assertThat(health.status()).as("liveness while extracting").isEqualTo(200);
			healthyWhileExtracting++;
			Thread.sleep(100);
		}
		assertThat(healthyWhileExtracting).isPositive();

		HttpResponse<String> response = chat.get(5, TimeUnit.MINUTES);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode sent = json.readTree(json.readTree(response.body()).at("/choices/0/message/content").asString());
		JsonNode messages = sent.path("messages");
		String seen = messages.get(messages.size() - 1).path("content").asString();
		assertThat(seen).contains("(counting stopped after 50,000 cells, the limit of one file)")
			.contains("Header: col0 | col1")
			.contains("Word document, at least ")
			.doesNotContain(dir.toString());
		assertThat(seen.length()).as("bounded by toolgate.files.attachments.max-chars").isLessThan(20_000 + 2_000);
	}
}
