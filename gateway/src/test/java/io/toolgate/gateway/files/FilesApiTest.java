package io.toolgate.gateway.files;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.GatewayProperties;
import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.openai.OpenAiSchemaValidator;

import static org.assertj.core.api.Assertions.assertThat;

/** The Files API and {@code POST /upload} over real HTTP: lifecycle, isolation between users, limits, sniffing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FilesApiTest {

	static final int MAX_BYTES = 64 * 1024;

	static final AtomicInteger USERS = new AtomicInteger();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.files.max-size", () -> MAX_BYTES + "B");
	}

	@LocalServerPort
	int port;

	@Autowired
	FileStorage storage;

	@Autowired
	GatewayProperties gateway;

	@Autowired
	FileService files;

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	final OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();

	HttpTestClient admin;

	FilesClient alice;

	FilesClient bob;

	String aliceKey;

	@BeforeEach
	void setUp() {
		admin = new HttpTestClient(port);
		int n = USERS.incrementAndGet();
		aliceKey = FilesClient.newUserKey(admin, "alice" + n);
		alice = new FilesClient(port, aliceKey);
		bob = new FilesClient(port, FilesClient.newUserKey(admin, "bob" + n));
	}

	private String userId(String key) {
		return admin.as(key).get("/api/me").json().path("id").asString();
	}

	static byte[] png(int width, int height) throws Exception {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	private void assertError(FilesClient.Response response, int status, String param) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		schema.assertValid("ErrorResponse", response.body());
		if (param != null) {
			assertThat(response.json().at("/error/param").asString()).isEqualTo(param);
		}
	}

	@Test
	void uploadsListsRetrievesDownloadsAndDeletesAFile() throws Exception {
		byte[] content = "name,qty\napples,3\n".getBytes(StandardCharsets.UTF_8);
		FilesClient.Response created = alice.upload("/v1/files",
				FilesClient.multipart().field("purpose", "assistants").file("file", "stock.csv", "text/csv", content));
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		schema.assertValid("OpenAIFile", created.body());
		JsonNode file = created.json();
		String id = file.path("id").asString();
		assertThat(id).startsWith("file-");
		assertThat(file.path("object").asString()).isEqualTo("file");
		assertThat(file.path("bytes").asLong()).isEqualTo(content.length);
		assertThat(file.path("filename").asString()).isEqualTo("stock.csv");
		assertThat(file.path("purpose").asString()).isEqualTo("assistants");
		assertThat(file.path("status").asString()).isEqualTo("processed");
		assertThat(file.path("created_at").asLong()).isBetween(System.currentTimeMillis() / 1000 - 600,
				System.currentTimeMillis() / 1000 + 5);

		FilesClient.Response retrieved = alice.get("/v1/files/" + id);
		assertThat(retrieved.status()).isEqualTo(200);
		schema.assertValid("OpenAIFile", retrieved.body());
		assertThat(retrieved.json()).isEqualTo(file);

		FilesClient.Response list = alice.get("/v1/files");
		assertThat(list.status()).isEqualTo(200);
		schema.assertValid("ListFilesResponse", list.body());
		assertThat(list.json().path("data").valueStream().map(f -> f.path("id").asString())).containsExactly(id);
		assertThat(list.json().path("first_id").asString()).isEqualTo(id);
		assertThat(list.json().path("has_more").asBoolean()).isFalse();

		FilesClient.Response download = alice.get("/v1/files/" + id + "/content");
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.bytes()).isEqualTo(content);
		assertThat(FilesClient.headers(download).get("content-type")).startsWith("text/csv");
		assertThat(FilesClient.headers(download).get("content-disposition")).startsWith("attachment").contains("stock.csv");
		assertThat(FilesClient.headers(download).get("x-content-type-options")).isEqualTo("nosniff");

		Path onDisk = storage.userDirectory(userId(aliceKey)).resolve(id).resolve("stock.csv");
		assertThat(onDisk).hasBinaryContent(content);

		FilesClient.Response deleted = alice.delete("/v1/files/" + id);
		assertThat(deleted.status()).isEqualTo(200);
		schema.assertValid("DeleteFileResponse", deleted.body());
		assertThat(deleted.json().path("deleted").asBoolean()).isTrue();
		assertThat(deleted.json().path("id").asString()).isEqualTo(id);

		assertError(alice.get("/v1/files/" + id), 404, "id");
		assertError(alice.get("/v1/files/" + id + "/content"), 404, "id");
		assertError(alice.delete("/v1/files/" + id), 404, "id");
		assertThat(onDisk.getParent()).doesNotExist();
		FilesClient.Response empty = alice.get("/v1/files");
		schema.assertValid("ListFilesResponse", empty.body());
		assertThat(empty.json().path("data")).isEmpty();
	}

	@Test
	void anotherUsersFileIsNotFoundForEveryoneElseAdminsIncluded() {
		String id = alice.uploaded("secret.txt", "text/plain", "alice's secret".getBytes(StandardCharsets.UTF_8), "user_data")
			.path("id")
			.asString();
		FilesClient adminFiles = new FilesClient(port, TestUpstreams.ADMIN_KEY);
		for (FilesClient other : new FilesClient[] { bob, adminFiles }) {
			assertError(other.get("/v1/files/" + id), 404, "id");
			assertError(other.get("/v1/files/" + id + "/content"), 404, "id");
			assertError(other.delete("/v1/files/" + id), 404, "id");
			assertThat(other.get("/v1/files").json().path("data").valueStream().map(f -> f.path("id").asString()))
				.doesNotContain(id);
			assertError(other.get("/v1/files?after=" + id), 400, "after");
		}
		assertThat(alice.get("/v1/files/" + id + "/content").body()).isEqualTo("alice's secret");
	}

	@Test
	void aDisabledUsersFilesAreUnreachable() {
		String id = alice.uploaded("notes.txt", "text/plain", "notes".getBytes(StandardCharsets.UTF_8), "user_data")
			.path("id")
			.asString();
		String aliceId = userId(aliceKey);
		assertThat(admin.patch("/api/users/" + aliceId, "{\"disabled\":true}").status()).isEqualTo(200);
		assertThat(alice.get("/v1/files/" + id + "/content").status()).isEqualTo(401);
		assertError(new FilesClient(port, TestUpstreams.ADMIN_KEY).get("/v1/files/" + id + "/content"), 404, "id");
		assertThat(admin.patch("/api/users/" + aliceId, "{\"disabled\":false}").status()).isEqualTo(200);
		assertThat(alice.get("/v1/files/" + id + "/content").body()).isEqualTo("notes");
	}

	@Test
	void sniffsTheTypeFromTheBytesNotFromWhatTheClientSays() throws Exception {
		byte[] png = png(3, 2);
		FilesClient.Response uploaded = alice.upload("/upload",
				FilesClient.multipart().file("file", "picture.txt", "text/plain", png));
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
		assertThat(uploaded.json().path("media_type").asString()).isEqualTo("image/png");
		String id = uploaded.json().path("file_id").asString();
		assertThat(FilesClient.headers(alice.get("/v1/files/" + id + "/content")).get("content-type")).isEqualTo("image/png");
	}

	@Test
	void seedUploadAnswersTheSandboxPathOfASafeName() {
		byte[] content = "print('hi')\n".getBytes(StandardCharsets.UTF_8);
		FilesClient.Response uploaded = alice.upload("/upload",
				FilesClient.multipart().file("file", "../../etc/te\u0007st: run?.py", "application/octet-stream", content));
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
		JsonNode body = uploaded.json();
		String id = body.path("file_id").asString();
		assertThat(body.path("filename").asString()).isEqualTo("test: run?.py");
		assertThat(body.path("bytes").asLong()).isEqualTo(content.length);
		assertThat(body.path("path").asString()).isEqualTo("/data/" + id + "/test_ run_.py");
		assertThat(body.path("url").asString()).isEqualTo("/v1/files/" + id + "/content");
		assertThat(body.path("purpose").asString()).isEqualTo("user_data");
		Path sandboxRoot = storage.userDirectory(userId(aliceKey));
		assertThat(sandboxRoot.resolve(body.path("path").asString().substring("/data/".length()))).hasBinaryContent(content);
		assertThat(sandboxRoot).startsWith(gateway.dataDir().resolve("files").toAbsolutePath().normalize());
	}

	@Test
	void refusesAFileOverTheLimitWhetherItsSizeIsAnnouncedOrNot() throws Exception {
		byte[] tooBig = new byte[MAX_BYTES + 1];
		Arrays.fill(tooBig, (byte) 'x');
		FilesClient.Multipart body = FilesClient.multipart().field("purpose", "assistants").file("file", "big.txt",
				"text/plain", tooBig);
		FilesClient.Response announced = alice.upload("/v1/files", body);
		assertError(announced, 413, "file");
		assertThat(announced.headers().firstValue("Connection")).as("a refused body ends the connection").hasValue("close");
		FilesClient.Response chunked = alice.uploadChunked("/v1/files", body);
		assertError(chunked, 413, "file");
		assertThat(chunked.headers().firstValue("Connection")).hasValue("close");
		assertThat(chunked.json().at("/error/code").asString()).isEqualTo("file_too_large");
		assertThat(chunked.json().at("/error/message").asString()).contains("64 KB");

		byte[] limit = Arrays.copyOf(tooBig, MAX_BYTES);
		JsonNode fits = alice.uploaded("fits.txt", "text/plain", limit, "assistants");
		assertThat(fits.path("bytes").asLong()).isEqualTo(MAX_BYTES);
		assertThat(alice.get("/v1/files").json().path("data")).hasSize(1);
		Path incoming = gateway.dataDir().resolve("files").resolve(".incoming");
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
			try (var left = Files.list(incoming)) {
				assertThat(left).as("partial uploads are deleted").isEmpty();
			}
		});
	}

	@Test
	void refusesBadRequestsNamingTheParameter() {
		byte[] content = "x".getBytes(StandardCharsets.UTF_8);
		assertError(alice.upload("/v1/files", FilesClient.multipart().file("file", "a.txt", "text/plain", content)), 400,
				"purpose");
		assertError(alice.upload("/v1/files", FilesClient.multipart().field("purpose", "homework").file("file", "a.txt",
				"text/plain", content)), 400, "purpose");
		assertError(alice.upload("/v1/files", FilesClient.multipart().field("purpose", "assistants")), 400, "file");
		assertError(alice.upload("/v1/files", FilesClient.multipart().field("purpose", "assistants").field("file", "text")),
				400, "file");
		assertError(alice.upload("/v1/files", FilesClient.multipart().field("purpose", "assistants").file("file", "e.txt",
				"text/plain", new byte[0])), 400, "file");
		assertError(alice.upload("/v1/files", FilesClient.multipart().field("purpose", "assistants").field("color", "red")
			.file("file", "a.txt", "text/plain", content)), 400, "color");
		assertError(alice.upload("/v1/files", FilesClient.multipart().field("purpose", "assistants")
			.file("file", "a.txt", "text/plain", content).file("file", "b.txt", "text/plain", content)), 400, "file");
		assertError(alice.upload("/v1/files", FilesClient.multipart().field("purpose", "assistants")
			.field("expires_after[anchor]", "created_at").field("expires_after[seconds]", "60")
			.file("file", "a.txt", "text/plain", content)), 400, "expires_after.seconds");
		FilesClient.Response json = alice.raw("/v1/files", "application/json", "{\"purpose\":\"assistants\"}".getBytes());
		assertError(json, 400, null);
		assertThat(json.json().at("/error/message").asString()).contains("multipart/form-data");
		assertError(alice.get("/v1/files?limit=0"), 400, "limit");
		assertError(alice.get("/v1/files?limit=ten"), 400, "limit");
		assertError(alice.get("/v1/files?order=sideways"), 400, "order");
		assertError(alice.get("/v1/files?after=file-nope"), 400, "after");
		assertThat(alice.get("/v1/files").json().path("data")).isEmpty();
		assertThat(new FilesClient(port, null).get("/v1/files").status()).isEqualTo(401);
	}

	@Test
	void pagesThroughFilesInEitherOrderAndFiltersByPurpose() throws Exception {
		String first = alice.uploaded("1.txt", "text/plain", "1".getBytes(), "assistants").path("id").asString();
		Thread.sleep(5);
		String second = alice.uploaded("2.txt", "text/plain", "2".getBytes(), "user_data").path("id").asString();
		Thread.sleep(5);
		String third = alice.uploaded("3.txt", "text/plain", "3".getBytes(), "assistants").path("id").asString();

		JsonNode page = alice.get("/v1/files?order=asc&limit=2").json();
		assertThat(page.path("data").valueStream().map(f -> f.path("id").asString())).containsExactly(first, second);
		assertThat(page.path("has_more").asBoolean()).isTrue();
		assertThat(page.path("last_id").asString()).isEqualTo(second);
		JsonNode next = alice.get("/v1/files?order=asc&limit=2&after=" + second).json();
		assertThat(next.path("data").valueStream().map(f -> f.path("id").asString())).containsExactly(third);
		assertThat(next.path("has_more").asBoolean()).isFalse();

		JsonNode newestFirst = alice.get("/v1/files").json();
		assertThat(newestFirst.path("data").valueStream().map(f -> f.path("id").asString()))
			.containsExactly(third, second, first);
		JsonNode assistants = alice.get("/v1/files?purpose=assistants").json();
		assertThat(assistants.path("data").valueStream().map(f -> f.path("id").asString())).containsExactly(third, first);
	}

	@Test
	void aFileWithAnExpiryIsGoneOnceItPasses() {
		JsonNode file = alice.uploaded("soon.txt", "text/plain", "x".getBytes(), "batch");
		FilesClient.Response expiring = alice.upload("/v1/files", FilesClient.multipart().field("purpose", "batch")
			.field("expires_after[anchor]", "created_at").field("expires_after[seconds]", "3600")
			.file("file", "hour.txt", "text/plain", "y".getBytes()));
		assertThat(expiring.status()).as(expiring.body()).isEqualTo(200);
		schema.assertValid("OpenAIFile", expiring.body());
		assertThat(expiring.json().path("expires_at").asLong())
			.isEqualTo(expiring.json().path("created_at").asLong() + 3600);
		assertThat(file.has("expires_at")).isFalse();

		String id = expiring.json().path("id").asString();
		Path onDisk = storage.userDirectory(userId(aliceKey)).resolve(id);
		assertThat(onDisk).isDirectory();
		jdbc.sql("UPDATE files SET expires_at = 1 WHERE id = ?").param(id).update();
		assertError(alice.get("/v1/files/" + id), 404, "id");
		assertThat(alice.get("/v1/files?purpose=batch").json().path("data").valueStream().map(f -> f.path("id").asString()))
			.containsExactly(file.path("id").asString());
		files.sweepExpired().block(java.time.Duration.ofSeconds(30));
		assertThat(onDisk).doesNotExist();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM files WHERE id = ?").param(id).query(Long.class).single()).isZero();
	}
}
