package io.toolgate.gateway.knowledge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.loadtest.upstream.FakeUpstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code toolgate.knowledge.embedding.model} set, chunks are embedded by that upstream model, in batches of
 * {@code batch-size}, routed like {@code /v1/embeddings}; an upstream failure fails the file with the reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UpstreamEmbeddingsTest {

	static final String TEXT = String.join(" ", TestDocuments.FILLER) + " The archive opens at nine in the morning.";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.knowledge.embedding.model", () -> TestUpstreams.OPENAI_EMBED);
		registry.add("toolgate.knowledge.embedding.batch-size", () -> "3");
	}

	@LocalServerPort
	int port;

	@Value("${toolgate.data-dir}")
	Path dataDir;

	KnowledgeClient admin;

	final FakeUpstream upstream = TestUpstreams.openai();

	@BeforeEach
	void setUp() {
		admin = KnowledgeClient.admin(port, dataDir);
	}

	@Test
	void chunksAreEmbeddedByTheUpstreamInBatches() {
		String id = admin.createCollection("upstream-" + System.nanoTime());
		assertThat(admin.http().get("/api/collections/" + id).json().path("embedding_model").asString())
			.isEqualTo("upstream:" + TestUpstreams.OPENAI_EMBED);
		String fileId = admin.saveFile("notes.txt", TEXT.getBytes(StandardCharsets.UTF_8));
		int before = upstream.embeddingRequests();

		HttpTestClient.Response added = admin.http().post("/api/collections/" + id + "/files",
				"{\"file_id\":\"" + fileId + "\",\"chunk_size\":16}");
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		int chunks = added.json().path("chunks").asInt();
		assertThat(chunks).isGreaterThan(3);
		assertThat(upstream.embeddingRequests() - before).as("one request per batch of 3 chunks")
			.isEqualTo((chunks + 2) / 3);

		// the fake's vectors are a function of the text: searching with a chunk's own text finds it first, exactly
		JsonNode any = admin.search(id, "archive", chunks);
		assertThat(any).isNotEmpty();
		String chunkText = any.get(any.size() - 1).path("text").asString();
		int beforeSearch = upstream.embeddingRequests();
		JsonNode exact = admin.search(id, chunkText.replace("\"", "\\\"").replace("\n", "\\n"), 1);
		assertThat(upstream.embeddingRequests() - beforeSearch).as("the query is one embedding request").isEqualTo(1);
		assertThat(exact.get(0).path("text").asString()).isEqualTo(chunkText);
		assertThat(exact.get(0).path("score").asDouble()).isGreaterThan(0.999);
	}

	@Test
	void anUpstreamFailureFailsTheFileWithTheReason() {
		String id = admin.createCollection("down-" + System.nanoTime());
		String fileId = admin.saveFile("notes.txt", TEXT.getBytes(StandardCharsets.UTF_8));
		upstream.setDown(true);
		HttpTestClient.Response added;
		try {
			added = admin.addFile(id, fileId);
		}
		finally {
			upstream.setDown(false);
		}
		assertThat(added.status()).as(added.body()).isEqualTo(503);
		assertThat(added.json().at("/error/message").asString()).contains("could not be indexed").contains("fake-openai");
		JsonNode file = admin.http().get("/api/collections/" + id + "/files/" + fileId).json();
		assertThat(file.path("status").asString()).isEqualTo("failed");
		assertThat(file.at("/error/code").asString()).isEqualTo("server_error");

		// once the upstream is back, adding the file again works
		assertThat(admin.addFile(id, fileId).status()).isEqualTo(201);
		assertThat(admin.search(id, "archive", 1)).hasSize(1);
	}
}
