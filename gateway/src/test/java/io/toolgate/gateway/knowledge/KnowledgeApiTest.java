package io.toolgate.gateway.knowledge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/collections} with the built-in ONNX embedding model (no embedding upstream is configured, the
 * default): real PDF and DOCX files made by the tests, isolation between users, shared collections, every kind of
 * bad input, and concurrent additions to one collection.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KnowledgeApiTest {

	static final String GENERATOR_FACT = "The emergency generator is started with the access code 7391.";

	static final String GREENHOUSE_FACT = "The key to the greenhouse is kept in the blue cabinet next to the library.";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.knowledge.max-file-size", () -> "2MB");
	}

	@LocalServerPort
	int port;

	@Value("${toolgate.data-dir}")
	Path dataDir;

	KnowledgeClient admin;

	@BeforeEach
	void setUp() {
		admin = KnowledgeClient.admin(port, dataDir);
	}

	static byte[] handbookPdf() {
		return TestDocuments.pdf(List.of(
				List.of("Station handbook, part one.", TestDocuments.FILLER.get(0), TestDocuments.FILLER.get(1)),
				List.of("Power supply.", TestDocuments.FILLER.get(2), GENERATOR_FACT, TestDocuments.FILLER.get(3)),
				List.of("Meetings.", TestDocuments.FILLER.get(4))));
	}

	static byte[] gardenDocx() {
		return TestDocuments.docx(List.of("Garden rules.", TestDocuments.FILLER.get(1), GREENHOUSE_FACT,
				"Water the plants every second day."));
	}

	@Test
	void pdfAndDocxAreIndexedAndTheirFactsFound() {
		KnowledgeClient alice = admin.newUser("alice");
		String id = alice.createCollection("station");
		JsonNode pdf = alice.addIndexed(id, "handbook.pdf", handbookPdf());
		assertThat(pdf.path("filename").asString()).isEqualTo("handbook.pdf");
		assertThat(pdf.path("chunks").asInt()).isEqualTo(3);
		JsonNode docx = alice.addIndexed(id, "garden.docx", gardenDocx());
		assertThat(docx.path("chunks").asInt()).isEqualTo(1);

		JsonNode generator = alice.search(id, "How do I start the emergency generator?", 3);
		assertThat(generator).hasSize(3);
		assertThat(generator.get(0).path("text").asString()).contains("7391");
		assertThat(generator.get(0).path("filename").asString()).isEqualTo("handbook.pdf");
		assertThat(generator.get(0).path("page").asInt()).isEqualTo(2);
		assertThat(generator.get(0).path("source").asString()).isEqualTo("handbook.pdf, page 2");
		assertThat(generator.get(0).path("score").asDouble()).isGreaterThan(generator.get(1).path("score").asDouble());

		JsonNode greenhouse = alice.search(id, "where is the greenhouse key", 1);
		assertThat(greenhouse.get(0).path("text").asString()).contains("blue cabinet");
		assertThat(greenhouse.get(0).path("filename").asString()).isEqualTo("garden.docx");
		assertThat(greenhouse.get(0).has("page")).isFalse();

		JsonNode collection = alice.http().get("/api/collections/" + id).json();
		assertThat(collection.at("/file_counts/completed").asInt()).isEqualTo(2);
		assertThat(collection.path("chunks").asInt()).isEqualTo(4);
		assertThat(collection.path("embedding_model").asString()).isEqualTo("builtin:all-minilm-l6-v2-q");
		JsonNode files = alice.http().get("/api/collections/" + id + "/files").json();
		assertThat(files).hasSize(2);
		assertThat(files.get(0).path("status").asString()).isEqualTo("completed");

		// Spring AI's vector store observations reach Prometheus
		String metrics = admin.http().get("/actuator/prometheus").body();
		assertThat(metrics).containsPattern("db_vector_client_operation_seconds_count\\{[^}]*db_operation_name=\"query\"")
			.containsPattern("db_vector_client_operation_seconds_count\\{[^}]*db_operation_name=\"add\"");
	}

	@Test
	void aFileCanBeUploadedStraightIntoACollection() {
		KnowledgeClient bob = admin.newUser("bob");
		String id = bob.createCollection("uploads");
		HttpTestClient.Response uploaded = bob.upload("/api/collections/" + id + "/files", "garden.docx", gardenDocx(),
				"attributes", "{\"team\":\"garden\",\"year\":2025}");
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
		assertThat(uploaded.json().path("filename").asString()).isEqualTo("garden.docx");
		assertThat(uploaded.json().at("/attributes/team").asString()).isEqualTo("garden");
		// the upload became one of bob's files, so it can be added elsewhere by id
		String fileId = uploaded.json().path("file_id").asString();
		String other = bob.createCollection("uploads-2");
		assertThat(bob.addFile(other, fileId).status()).isEqualTo(201);
		assertThat(bob.search(other, "greenhouse key", 1).get(0).path("text").asString()).contains("blue cabinet");
	}

	@Test
	void anotherUsersCollectionsAndFilesDoNotExistForYou() {
		KnowledgeClient alice = admin.newUser("alice");
		KnowledgeClient mallory = admin.newUser("mallory");
		String id = alice.createCollection("private");
		alice.addIndexed(id, "handbook.pdf", handbookPdf());
		String alicesFile = alice.saveFile("garden.docx", gardenDocx());

		HttpTestClient m = mallory.http();
		for (HttpTestClient.Response response : List.of(m.get("/api/collections/" + id),
				m.post("/api/collections/" + id + "/search", "{\"query\":\"generator\"}"),
				m.get("/api/collections/" + id + "/files"), m.delete("/api/collections/" + id),
				m.patch("/api/collections/" + id, "{\"name\":\"mine\"}"),
				m.post("/api/collections/" + id + "/files", "{\"file_id\":\"" + alicesFile + "\"}"),
				m.get("/v1/vector_stores/" + id), m.post("/v1/vector_stores/" + id + "/search", "{\"query\":\"x\"}"),
				m.delete("/v1/vector_stores/" + id))) {
			assertThat(response.status()).as(response.body()).isEqualTo(404);
			assertThat(response.json().at("/error/type").asString()).isEqualTo("invalid_request_error");
		}
		assertThat(m.get("/api/collections").json()).noneMatch(c -> c.path("id").asString().equals(id));
		assertThat(m.get("/v1/vector_stores").json().path("data")).noneMatch(c -> c.path("id").asString().equals(id));

		// mallory cannot add alice's file to her own collection either: to her it does not exist
		String mine = mallory.createCollection("mine");
		HttpTestClient.Response stolen = mallory.addFile(mine, alicesFile);
		assertThat(stolen.status()).as(stolen.body()).isEqualTo(404);
		assertThat(stolen.json().at("/error/param").asString()).isEqualTo("file_id");

		// the same name in two users' namespaces is two collections
		String alicesMine = alice.createCollection("mine");
		assertThat(alicesMine).isNotEqualTo(mine);
		// and an admin may reach any collection by id
		assertThat(admin.http().get("/api/collections/" + id).status()).isEqualTo(200);
	}

	@Test
	void sharedCollectionsAreCreatedAndChangedByAdminsAndSearchedByEveryone() {
		KnowledgeClient carol = admin.newUser("carol");
		HttpTestClient.Response refused = carol.http().post("/api/collections", "{\"name\":\"company\",\"shared\":true}");
		assertThat(refused.status()).as(refused.body()).isEqualTo(403);

		HttpTestClient.Response created = admin.http().post("/api/collections", "{\"name\":\"company-wide\",\"shared\":true}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("id").asString();
		admin.addIndexed(id, "handbook.pdf", handbookPdf());

		assertThat(carol.http().get("/api/collections").json()).anyMatch(c -> c.path("id").asString().equals(id)
				&& c.path("shared").asBoolean());
		assertThat(carol.search(id, "emergency generator access code", 1).get(0).path("text").asString()).contains("7391");

		String carolsFile = carol.saveFile("garden.docx", gardenDocx());
		assertThat(carol.addFile(id, carolsFile).status()).isEqualTo(403);
		assertThat(carol.http().delete("/api/collections/" + id).status()).isEqualTo(403);
		assertThat(carol.http().patch("/api/collections/" + id, "{\"name\":\"x\"}").status()).isEqualTo(403);
		assertThat(admin.http().get("/api/collections/" + id).json().at("/file_counts/total").asInt()).isEqualTo(1);

		// a user's own collection of the same name is found first by name (see the rag tool tests), and may exist
		assertThat(carol.http().post("/api/collections", "{\"name\":\"company-wide\"}").status()).isEqualTo(201);
		assertThat(admin.http().post("/api/collections", "{\"name\":\"company-wide\",\"shared\":true}").status())
			.isEqualTo(409);
	}

	@Test
	void badInputIsAClear4xx() {
		KnowledgeClient dave = admin.newUser("dave");
		HttpTestClient d = dave.http();
		String id = dave.createCollection("docs");

		assertError(d.post("/api/collections", "{}"), 400, "name");
		assertError(d.post("/api/collections", "{\"name\":\"   \"}"), 400, "name");
		assertError(d.post("/api/collections", "not json"), 400, null);
		assertError(d.post("/api/collections", "{\"name\":\"docs\"}"), 409, "name");
		assertError(d.post("/api/collections", "{\"name\":\"m\",\"metadata\":{\"k\":\"" + "x".repeat(600) + "\"}}"), 400,
				"metadata");
		assertError(d.get("/api/collections/vs_nope"), 404, null);
		assertError(d.post("/api/collections/" + id + "/files", "{}"), 400, "file_id");
		assertError(d.post("/api/collections/" + id + "/files", "{\"file_id\":\"file-unknown\"}"), 404, "file_id");
		assertError(d.post("/api/collections/" + id + "/files", "{\"file_id\":\"x\",\"chunk_size\":5}"), 400, "chunk_size");
		assertError(d.post("/api/collections/" + id + "/files",
				"{\"file_id\":\"x\",\"attributes\":{\"nested\":{\"a\":1}}}"), 400, "attributes.nested");
		assertError(d.post("/api/collections/" + id + "/search", "{\"query\":\"\"}"), 400, "query");
		assertError(d.post("/api/collections/" + id + "/search", "{\"query\":\"x\",\"top_k\":0}"), 400, "top_k");
		assertError(d.post("/api/collections/" + id + "/search", "{\"query\":\"x\",\"top_k\":51}"), 400, "top_k");
		assertError(d.delete("/api/collections/" + id + "/files/file-unknown"), 404, "file_id");

		// files without text, broken files and oversized uploads are refused with the reason
		HttpTestClient.Response image = dave.addFile(id, dave.saveFile("photo.png", png()));
		assertError(image, 400, "file");
		assertThat(image.json().at("/error/code").asString()).isEqualTo("unsupported_file");
		assertThat(image.json().at("/error/message").asString()).contains("no text found");
		HttpTestClient.Response broken = dave.addFile(id, dave.saveFile("broken.pdf",
				"%PDF-1.7\n1 0 obj <<>> garbage".getBytes(StandardCharsets.US_ASCII)));
		assertError(broken, 400, "file");
		assertThat(broken.json().at("/error/code").asString()).isEqualTo("invalid_file");
		HttpTestClient.Response big = dave.upload("/api/collections/" + id + "/files", "big.txt", new byte[3 * 1024 * 1024]);
		assertError(big, 413, "file");

		// failures are recorded on the file, and the collection still works
		JsonNode files = d.get("/api/collections/" + id + "/files").json();
		assertThat(files).hasSize(2).allMatch(f -> f.path("status").asString().equals("failed"));
		assertThat(files.findValuesAsString("code")).containsExactlyInAnyOrder("unsupported_file", "invalid_file");
		assertThat(dave.search(id, "anything", 3)).isEmpty();
		assertThat(d.post("/api/collections/" + id + "/files", "{\"file_id\":\"" + dave.saveFile("notes.txt",
				"The boiler room is on level minus two.".getBytes(StandardCharsets.UTF_8)) + "\"}").status()).isEqualTo(201);
		assertThat(dave.search(id, "boiler room", 1).get(0).path("text").asString()).contains("minus two");
	}

	@Test
	void concurrentAdditionsToOneCollectionLoseNothing() throws Exception {
		KnowledgeClient erin = admin.newUser("erin");
		String id = erin.createCollection("projects");
		List<String> leads = List.of("Ada", "Grace", "Linus", "Barbara", "Edsger", "Donald", "Frances", "Alan");
		List<String> fileIds = new ArrayList<>();
		for (int i = 0; i < leads.size(); i++) {
			String fact = "Project number " + (100 + i) + " is led by " + leads.get(i) + ".";
			byte[] content = i % 2 == 0 ? TestDocuments.pdf(List.of(List.of(fact, TestDocuments.FILLER.get(i % 5))))
					: TestDocuments.docx(List.of(fact, TestDocuments.FILLER.get(i % 5)));
			fileIds.add(erin.saveFile("project-" + i + (i % 2 == 0 ? ".pdf" : ".docx"), content));
		}
		ExecutorService pool = Executors.newFixedThreadPool(leads.size());
		try {
			List<CompletableFuture<HttpTestClient.Response>> adds = fileIds.stream()
				.map(fileId -> CompletableFuture.supplyAsync(() -> erin.http()
					.post("/api/collections/" + id + "/files?wait=false", "{\"file_id\":\"" + fileId + "\"}"), pool))
				.toList();
			for (CompletableFuture<HttpTestClient.Response> add : adds) {
				assertThat(add.get().status()).as(add.get().body()).isEqualTo(202);
				assertThat(add.get().json().path("status").asString()).isEqualTo("in_progress");
			}
		}
		finally {
			pool.shutdown();
		}
		erin.awaitIndexed(id);

		JsonNode collection = erin.http().get("/api/collections/" + id).json();
		assertThat(collection.at("/file_counts/completed").asInt()).isEqualTo(leads.size());
		assertThat(collection.path("chunks").asLong()).isEqualTo(leads.size());
		for (int i = 0; i < leads.size(); i++) {
			JsonNode top = erin.search(id, "Who leads project number " + (100 + i) + "?", 8);
			assertThat(top).hasSize(leads.size());
			assertThat(top.findValuesAsString("text")).anyMatch(text -> text.contains("led by"));
		}
		List<String> found = new ArrayList<>();
		erin.search(id, "project lead", 8).forEach(hit -> found.add(hit.path("file_id").asString()));
		assertThat(found).containsExactlyInAnyOrderElementsOf(fileIds);

		// and the file on disk holds every chunk
		assertThat(savedChunks(id)).isEqualTo(leads.size());
	}

	/** The chunks in a collection's vectors file. */
	private int savedChunks(String collectionId) {
		Map<?, ?> saved = JsonMapper.builder().build()
			.readValue(dataDir.resolve("vectors").resolve(collectionId + ".json").toFile(), Map.class);
		return saved.size();
	}

	@Test
	void deletingACollectionDeletesItsVectorsAndAddingAgainReplaces() {
		KnowledgeClient frank = admin.newUser("frank");
		String id = frank.createCollection("temporary");
		String fileId = frank.saveFile("handbook.pdf", handbookPdf());
		assertThat(frank.addFile(id, fileId).status()).isEqualTo(201);
		// adding the same file again replaces its chunks instead of doubling them
		assertThat(frank.addFile(id, fileId).status()).isEqualTo(201);
		assertThat(frank.http().get("/api/collections/" + id).json().path("chunks").asInt()).isEqualTo(3);
		assertThat(savedChunks(id)).isEqualTo(3);

		assertThat(frank.http().delete("/api/collections/" + id + "/files/" + fileId).status()).isEqualTo(200);
		assertThat(frank.search(id, "generator", 10)).isEmpty();
		assertThat(savedChunks(id)).isZero();
		assertThat(frank.addFile(id, fileId).status()).isEqualTo(201);

		Path vectors = dataDir.resolve("vectors").resolve(id + ".json");
		assertThat(vectors).exists();
		HttpTestClient.Response deleted = frank.http().delete("/api/collections/" + id);
		assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
		assertThat(deleted.json().path("deleted").asBoolean()).isTrue();
		assertThat(vectors).doesNotExist();
		assertThat(frank.http().get("/api/collections/" + id).status()).isEqualTo(404);
		// the name is free again
		assertThat(frank.http().post("/api/collections", "{\"name\":\"temporary\"}").status()).isEqualTo(201);
		assertThat(Files.exists(dataDir.resolve("vectors").resolve(id + ".json.tmp"))).isFalse();
	}

	private static void assertError(HttpTestClient.Response response, int status, String param) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		JsonNode error = response.json().path("error");
		assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code"))
			.as(response.body()).isTrue();
		if (param != null) {
			assertThat(error.path("param").asString()).as(response.body()).isEqualTo(param);
		}
	}

	/** A tiny real PNG (1x1 pixel): a valid file without any text. */
	private static byte[] png() {
		try {
			java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(1, 1,
					java.awt.image.BufferedImage.TYPE_INT_RGB);
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			javax.imageio.ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
