package io.toolgate.gateway.files;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-user upload quotas (toolgate.files.quota.*) over real HTTP and a real SQLite database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FileQuotaTest {

	private static final AtomicInteger USERS = new AtomicInteger();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.files.quota.max-files", () -> "3");
		registry.add("toolgate.files.quota.max-bytes", () -> "10KB");
	}

	@LocalServerPort
	int port;

	@Test
	void theFileCountQuotaAnswers400NamingItAndDeletingMakesRoom() {
		FilesClient files = newUser();
		String first = files.uploaded("a.txt", "text/plain", "a".getBytes(), "assistants").path("id").asString();
		files.uploaded("b.txt", "text/plain", "b".getBytes(), "assistants");
		files.uploaded("c.txt", "text/plain", "c".getBytes(), "assistants");

		var refused = files.upload("/v1/files", FilesClient.multipart().field("purpose", "assistants")
			.file("file", "d.txt", "text/plain", "d".getBytes()));
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(refused.json().at("/error/code").asString()).isEqualTo("file_count_quota_exceeded");
		assertThat(refused.json().at("/error/param").asString()).isEqualTo("file");
		assertThat(refused.json().at("/error/message").asString()).contains("toolgate.files.quota.max-files");
		// The seed-compatible upload counts against the same quota.
		assertThat(files.upload("/upload", FilesClient.multipart().file("file", "d.txt", "text/plain", "d".getBytes()))
			.status()).isEqualTo(400);

		assertThat(files.delete("/v1/files/" + first).status()).isEqualTo(200);
		files.uploaded("d.txt", "text/plain", "d".getBytes(), "assistants");
	}

	@Test
	void theByteQuotaAnswers413NamingItWhetherOrNotTheSizeIsAnnounced() {
		FilesClient files = newUser();
		files.uploaded("six.bin", "application/octet-stream", new byte[6 * 1024], "assistants");

		for (boolean chunked : List.of(false, true)) {
			FilesClient.Multipart body = FilesClient.multipart().field("purpose", "assistants")
				.file("file", "five.bin", "application/octet-stream", new byte[5 * 1024]);
			var refused = chunked ? files.uploadChunked("/v1/files", body) : files.upload("/v1/files", body);
			assertThat(refused.status()).as(refused.body()).isEqualTo(413);
			assertThat(refused.json().at("/error/code").asString()).isEqualTo("storage_quota_exceeded");
			assertThat(refused.json().at("/error/message").asString()).contains("toolgate.files.quota.max-bytes")
				.contains("10 KB").contains("6 KB");
		}
		// Nothing was lost, nothing half-stored: the one file is still there, and what fits still goes in.
		assertThat(files.get("/v1/files").json().path("data").size()).isEqualTo(1);
		files.uploaded("four.bin", "application/octet-stream", new byte[4 * 1024], "assistants");
	}

	@Test
	void parallelUploadsCannotPassTheByteQuotaTogether() {
		FilesClient files = newUser();
		List<CompletableFuture<FilesClient.Response>> uploads = java.util.stream.IntStream.range(0, 4)
			.mapToObj(i -> CompletableFuture.supplyAsync(() -> files.upload("/v1/files", FilesClient.multipart()
				.field("purpose", "assistants").file("file", i + ".bin", "application/octet-stream", new byte[4 * 1024]))))
			.toList();
		long stored = uploads.stream().map(CompletableFuture::join).filter(response -> response.status() == 200).count();
		assertThat(stored).isEqualTo(2);
		assertThat(files.get("/v1/files").json().path("data").size()).isEqualTo(2);
	}

	private FilesClient newUser() {
		HttpTestClient admin = new HttpTestClient(port);
		return new FilesClient(port, FilesClient.newUserKey(admin, "quota-" + USERS.incrementAndGet()));
	}
}
