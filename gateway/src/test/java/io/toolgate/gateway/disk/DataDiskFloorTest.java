package io.toolgate.gateway.disk;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway whose data directory is a real 24 MB tmpfs, filled up by another writer: readiness goes 503 while
 * liveness stays 200, chat, key creation and uploads are refused with 507 naming the cause (not 500), and all of it
 * recovers once space is freed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DataDiskFloorTest {

	private static final long FLOOR = 6L * 1024 * 1024;

	static SmallDisk disk;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestUpstreams.register(registry);
		disk = SmallDisk.mount(24);
		registry.add("toolgate.data-dir", () -> disk.root().resolve("data").toString());
		registry.add("toolgate.plugins-dir", () -> disk.root().resolve("plugins").toString());
		registry.add("toolgate.data-disk.min-free", () -> FLOOR + "B");
		registry.add("toolgate.data-disk.check-interval", () -> "200ms");
	}

	@AfterAll
	static void unmount() throws Exception {
		disk.close();
	}

	@LocalServerPort
	int port;

	@Test
	void belowTheFloorWritesAre507ReadinessIs503LivenessStays200AndAllRecovers() throws Exception {
		HttpTestClient admin = new HttpTestClient(port, TestUpstreams.ADMIN_KEY);
		assertThat(admin.post("/api/keys", "{\"name\":\"before\"}").status()).isEqualTo(201);
		assertThat(status("/actuator/health")).isEqualTo(200);

		Path filler = disk.fill("filler", FLOOR / 2);

		String health = await().atMost(Duration.ofSeconds(90))
			.until(() -> send("/actuator/health"), response -> response.statusCode() == 503)
			.body();
		assertThat(health).contains("\"dataDisk\":{\"status\":\"DOWN\"");
		assertThat(status("/actuator/health/readiness")).isEqualTo(503);
		assertThat(status("/actuator/health/liveness")).isEqualTo(200);
		assertThat(status("/healthz")).isEqualTo(200);

		var key = admin.post("/api/keys", "{\"name\":\"during\"}");
		assertRefused(key);
		var chat = admin.post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.OPENAI_MODEL
				+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
		assertRefused(chat);
		assertRefused(upload());
		// Reads still work.
		assertThat(admin.get("/api/keys").status()).isEqualTo(200);

		Files.delete(filler);
		await().atMost(Duration.ofSeconds(90))
			.until(() -> send("/actuator/health"), response -> response.statusCode() == 200);
		assertThat(admin.post("/api/keys", "{\"name\":\"after\"}").status()).isEqualTo(201);
		assertThat(upload().status()).isEqualTo(200);
	}

	private void assertRefused(HttpTestClient.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(507);
		assertThat(response.json().at("/error/code").asString()).isEqualTo("insufficient_storage");
		assertThat(response.json().at("/error/type").asString()).isEqualTo("server_error");
		assertThat(response.json().at("/error/message").asString()).contains("data disk is nearly full")
			.contains("toolgate.data-disk.min-free")
			.doesNotContain(disk.root().toString());
	}

	private HttpTestClient.Response upload() throws Exception {
		String boundary = "----toolgate-disk";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "--\r\n";
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/files"))
			.header("Authorization", "Bearer " + TestUpstreams.ADMIN_KEY)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.ofString());
		return new HttpTestClient.Response(response.statusCode(), response.body(), response.headers());
	}

	private int status(String path) throws Exception {
		return send(path).statusCode();
	}

	private HttpResponse<String> send(String path) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}
}
