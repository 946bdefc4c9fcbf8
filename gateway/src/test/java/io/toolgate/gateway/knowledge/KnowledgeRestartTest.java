package io.toolgate.gateway.knowledge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.ToolgateApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Collections, their files and their vectors survive a restart; an ingestion a stop interrupted is finished by the
 * next start; a collection whose vectors came from another embedding model is refused, not searched with nonsense.
 */
class KnowledgeRestartTest {

	@TempDir
	Path dataDir;

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(ToolgateApplication.class).run("--server.port=0",
				"--toolgate.data-dir=" + dataDir, "--toolgate.plugins-dir=" + dataDir.resolve("plugins"),
				"--toolgate.admin-key=" + TestUpstreams.ADMIN_KEY, "--toolgate.upstreams[0].name=fake",
				"--toolgate.upstreams[0].type=openai",
				"--toolgate.upstreams[0].base-url=" + TestUpstreams.openai().baseUrl() + "/v1",
				"--toolgate.upstreams[0].api-key=" + TestUpstreams.OPENAI_KEY);
	}

	private KnowledgeClient admin(ConfigurableApplicationContext context) {
		return KnowledgeClient.admin(((WebServerApplicationContext) context).getWebServer().getPort(), dataDir);
	}

	@Test
	void collectionsFilesAndVectorsSurviveARestart() {
		String id;
		JsonNode before;
		try (ConfigurableApplicationContext first = start()) {
			KnowledgeClient admin = admin(first);
			id = admin.createCollection("station");
			admin.addIndexed(id, "handbook.pdf", KnowledgeApiTest.handbookPdf());
			admin.addIndexed(id, "garden.docx", KnowledgeApiTest.gardenDocx());
			before = admin.search(id, "How is the emergency generator started?", 4);
		}
		assertThat(dataDir.resolve("vectors").resolve(id + ".json")).isRegularFile();
		try (ConfigurableApplicationContext second = start()) {
			KnowledgeClient admin = admin(second);
			JsonNode collection = admin.http().get("/api/collections/" + id).json();
			assertThat(collection.path("name").asString()).isEqualTo("station");
			assertThat(collection.at("/file_counts/completed").asInt()).isEqualTo(2);
			JsonNode after = admin.search(id, "How is the emergency generator started?", 4);
			assertThat(after).isEqualTo(before);
			assertThat(after.get(0).path("text").asString()).contains("7391");
			// and it goes on growing
			admin.addIndexed(id, "notes.txt", "The boiler room is on level minus two.".getBytes());
			assertThat(admin.search(id, "Where is the boiler room?", 1).get(0).path("filename").asString())
				.isEqualTo("notes.txt");
		}
	}

	@Test
	void anIngestionAStopInterruptedIsFinishedByTheNextStart() throws Exception {
		String id;
		String fileId;
		String adminId;
		try (ConfigurableApplicationContext first = start()) {
			KnowledgeClient admin = admin(first);
			adminId = admin.userId();
			id = admin.createCollection("interrupted");
			fileId = admin.saveFile("handbook.pdf", KnowledgeApiTest.handbookPdf());
		}
		// what a stop in the middle of adding the file leaves behind: the file recorded as in progress, no vectors
		try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("toolgate.db"));
				PreparedStatement insert = db.prepareStatement("INSERT INTO knowledge_files (collection_id, file_id,"
						+ " filename, added_by, status, usage_bytes, chunks, chunk_size, created_at, updated_at)"
						+ " VALUES (?, ?, 'handbook.pdf', ?, 'in_progress', 0, 0, 256, 1, 1)")) {
			insert.setString(1, id);
			insert.setString(2, fileId);
			insert.setString(3, adminId);
			insert.executeUpdate();
		}
		try (ConfigurableApplicationContext second = start()) {
			KnowledgeClient admin = admin(second);
			admin.awaitIndexed(id);
			JsonNode file = admin.http().get("/api/collections/" + id + "/files/" + fileId).json();
			assertThat(file.path("status").asString()).as(file.toString()).isEqualTo("completed");
			assertThat(file.path("chunks").asInt()).isEqualTo(3);
			assertThat(admin.search(id, "emergency generator access code", 1).get(0).path("text").asString())
				.contains("7391");
		}
	}

	@Test
	void aCollectionEmbeddedWithAnotherModelIsRefused() throws Exception {
		String id;
		try (ConfigurableApplicationContext first = start()) {
			KnowledgeClient admin = admin(first);
			id = admin.createCollection("older");
			admin.addIndexed(id, "garden.docx", KnowledgeApiTest.gardenDocx());
		}
		// as if the collection had been filled while toolgate.knowledge.embedding.model named another model
		try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("toolgate.db"));
				PreparedStatement update = db
					.prepareStatement("UPDATE knowledge_collections SET embedding_model = 'upstream:nomic-embed-text' WHERE id = ?")) {
			update.setString(1, id);
			assertThat(update.executeUpdate()).isEqualTo(1);
		}
		try (ConfigurableApplicationContext second = start()) {
			KnowledgeClient admin = admin(second);
			HttpTestClient.Response search = admin.http().post("/api/collections/" + id + "/search", "{\"query\":\"key\"}");
			assertThat(search.status()).as(search.body()).isEqualTo(400);
			assertThat(search.json().at("/error/code").asString()).isEqualTo("embedding_model_mismatch");
			assertThat(search.json().at("/error/message").asString()).contains("upstream:nomic-embed-text")
				.contains("builtin:all-minilm-l6-v2-q");
			HttpTestClient.Response add = admin.addFile(id, admin.saveFile("more.txt", "More text here.".getBytes()));
			assertThat(add.status()).as(add.body()).isEqualTo(400);
			assertThat(Files.exists(dataDir.resolve("vectors").resolve(id + ".json"))).isTrue();
		}
	}
}
