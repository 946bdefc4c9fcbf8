package io.toolgate.gateway.knowledge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
import io.toolgate.gateway.openai.OpenAiSchemaValidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /v1/vector_stores} over raw HTTP, every answer checked against the official OpenAPI spec: create, list
 * with cursors, retrieve, modify, files (added in the background, polled), search with filters, delete, and the
 * errors. The official SDK's view is in {@link VectorStoresSdkTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VectorStoresApiTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
	}

	@LocalServerPort
	int port;

	@Value("${toolgate.data-dir}")
	Path dataDir;

	KnowledgeClient admin;

	final OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();

	@BeforeEach
	void setUp() {
		admin = KnowledgeClient.admin(port, dataDir);
	}

	private JsonNode valid(HttpTestClient.Response response, String component) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		schema.assertValid(component, response.body());
		return response.json();
	}

	private void error(HttpTestClient.Response response, int status, String param) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		schema.assertValid("ErrorResponse", response.body());
		if (param != null) {
			assertThat(response.json().at("/error/param").asString()).as(response.body()).isEqualTo(param);
		}
	}

	private JsonNode awaitFile(HttpTestClient http, String storeId, String fileId) {
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> !http
			.get("/v1/vector_stores/" + storeId + "/files/" + fileId).json().path("status").asString().equals("in_progress"));
		return valid(http.get("/v1/vector_stores/" + storeId + "/files/" + fileId), "VectorStoreFileObject");
	}

	@Test
	void aVectorStoreFromCreationToDeletion() {
		KnowledgeClient alice = admin.newUser("alice");
		HttpTestClient http = alice.http();
		JsonNode store = valid(http.post("/v1/vector_stores",
				"{\"name\":\"station\",\"metadata\":{\"team\":\"ops\"},\"chunking_strategy\":{\"type\":\"auto\"}}"),
				"VectorStoreObject");
		String id = store.path("id").asString();
		assertThat(id).startsWith("vs_");
		assertThat(store.path("object").asString()).isEqualTo("vector_store");
		assertThat(store.path("status").asString()).isEqualTo("completed");
		assertThat(store.at("/file_counts/total").asInt()).isZero();
		assertThat(store.at("/metadata/team").asString()).isEqualTo("ops");
		assertThat(store.path("created_at").asLong()).isBetween(System.currentTimeMillis() / 1000 - 600,
				System.currentTimeMillis() / 1000 + 5);

		String pdf = alice.saveFile("handbook.pdf", KnowledgeApiTest.handbookPdf());
		String docx = alice.saveFile("garden.docx", KnowledgeApiTest.gardenDocx());
		JsonNode added = valid(http.post("/v1/vector_stores/" + id + "/files",
				"{\"file_id\":\"" + pdf + "\",\"attributes\":{\"kind\":\"manual\",\"year\":2024}}"), "VectorStoreFileObject");
		assertThat(added.path("object").asString()).isEqualTo("vector_store.file");
		assertThat(added.path("status").asString()).isIn("in_progress", "completed");
		assertThat(added.path("vector_store_id").asString()).isEqualTo(id);
		valid(http.post("/v1/vector_stores/" + id + "/files", "{\"file_id\":\"" + docx + "\",\"attributes\":{\"kind\":"
				+ "\"rules\",\"year\":2025},\"chunking_strategy\":{\"type\":\"static\",\"static\":{\"max_chunk_size_tokens\":"
				+ "200,\"chunk_overlap_tokens\":0}}}"), "VectorStoreFileObject");
		JsonNode pdfFile = awaitFile(http, id, pdf);
		assertThat(pdfFile.path("status").asString()).isEqualTo("completed");
		assertThat(pdfFile.path("last_error").isNull()).isTrue();
		assertThat(pdfFile.path("usage_bytes").asLong()).isPositive();
		assertThat(awaitFile(http, id, docx).at("/chunking_strategy/static/max_chunk_size_tokens").asInt()).isEqualTo(200);

		JsonNode retrieved = valid(http.get("/v1/vector_stores/" + id), "VectorStoreObject");
		assertThat(retrieved.at("/file_counts/completed").asInt()).isEqualTo(2);
		assertThat(retrieved.path("usage_bytes").asLong()).isPositive();

		JsonNode files = valid(http.get("/v1/vector_stores/" + id + "/files?order=asc"), "ListVectorStoreFilesResponse");
		assertThat(files.path("data")).hasSize(2);
		assertThat(files.path("first_id").asString()).isEqualTo(pdf);
		JsonNode noFailures = http.get("/v1/vector_stores/" + id + "/files?filter=failed").json();
		assertThat(noFailures.path("data")).isEmpty();
		assertThat(noFailures.path("first_id").isNull()).isTrue();

		JsonNode page = valid(http.post("/v1/vector_stores/" + id + "/search",
				"{\"query\":\"How is the emergency generator started?\",\"max_num_results\":2}"),
				"VectorStoreSearchResultsPage");
		assertThat(page.path("object").asString()).isEqualTo("vector_store.search_results.page");
		assertThat(page.path("search_query").get(0).asString()).isEqualTo("How is the emergency generator started?");
		assertThat(page.path("data")).hasSize(2);
		JsonNode best = page.path("data").get(0);
		assertThat(best.path("file_id").asString()).isEqualTo(pdf);
		assertThat(best.path("filename").asString()).isEqualTo("handbook.pdf");
		assertThat(best.at("/content/0/type").asString()).isEqualTo("text");
		assertThat(best.at("/content/0/text").asString()).contains("7391");
		assertThat(best.at("/attributes/kind").asString()).isEqualTo("manual");

		// attribute filters: the generator question restricted to the rules finds only the docx
		JsonNode filtered = valid(http.post("/v1/vector_stores/" + id + "/search",
				"{\"query\":\"emergency generator\",\"filters\":{\"type\":\"and\",\"filters\":[{\"type\":\"eq\",\"key\":"
						+ "\"kind\",\"value\":\"rules\"},{\"type\":\"gte\",\"key\":\"year\",\"value\":2025}]}}"),
				"VectorStoreSearchResultsPage");
		assertThat(filtered.path("data")).isNotEmpty().allMatch(hit -> hit.path("file_id").asString().equals(docx));
		JsonNode none = valid(http.post("/v1/vector_stores/" + id + "/search",
				"{\"query\":\"generator\",\"filters\":{\"type\":\"in\",\"key\":\"kind\",\"value\":[\"poems\"]}}"),
				"VectorStoreSearchResultsPage");
		assertThat(none.path("data")).isEmpty();

		// several queries, and a score threshold nothing reaches
		JsonNode both = valid(http.post("/v1/vector_stores/" + id + "/search",
				"{\"query\":[\"emergency generator access code\",\"greenhouse key\"],\"max_num_results\":2}"),
				"VectorStoreSearchResultsPage");
		assertThat(both.path("search_query")).hasSize(2);
		assertThat(both.findValuesAsString("file_id")).containsExactlyInAnyOrder(pdf, docx);
		assertThat(valid(http.post("/v1/vector_stores/" + id + "/search",
				"{\"query\":\"generator\",\"ranking_options\":{\"ranker\":\"auto\",\"score_threshold\":0.99}}"),
				"VectorStoreSearchResultsPage").path("data")).isEmpty();

		JsonNode modified = valid(http.post("/v1/vector_stores/" + id, "{\"name\":\"station-2\",\"metadata\":{\"a\":\"b\"}}"),
				"VectorStoreObject");
		assertThat(modified.path("name").asString()).isEqualTo("station-2");
		assertThat(modified.at("/metadata/a").asString()).isEqualTo("b");

		JsonNode removed = http.delete("/v1/vector_stores/" + id + "/files/" + docx).json();
		schema.assertValid("DeleteVectorStoreFileResponse", removed.toString());
		assertThat(removed.path("object").asString()).isEqualTo("vector_store.file.deleted");
		assertThat(valid(http.get("/v1/vector_stores/" + id), "VectorStoreObject").at("/file_counts/total").asInt())
			.isEqualTo(1);

		HttpTestClient.Response deleted = http.delete("/v1/vector_stores/" + id);
		JsonNode gone = valid(deleted, "DeleteVectorStoreResponse");
		assertThat(gone.path("object").asString()).isEqualTo("vector_store.deleted");
		assertThat(gone.path("deleted").asBoolean()).isTrue();
		error(http.get("/v1/vector_stores/" + id), 404, null);
	}

	@Test
	void listsPageWithCursors() {
		KnowledgeClient bob = admin.newUser("bob");
		HttpTestClient http = bob.http();
		JsonNode empty = http.get("/v1/vector_stores").json();
		// OpenAI answers null cursors for an empty list (its spec says string; clients expect the null)
		assertThat(empty.path("data")).isEmpty();
		assertThat(empty.path("first_id").isNull()).isTrue();
		assertThat(empty.path("last_id").isNull()).isTrue();
		assertThat(empty.path("has_more").asBoolean()).isFalse();

		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(valid(http.post("/v1/vector_stores", i == 0 ? "{}" : "{\"name\":\"store-" + i + "\"}"),
					"VectorStoreObject").path("id").asString());
		}
		// a store created without a name is named by its id, so the rag tool can still address it
		assertThat(http.get("/v1/vector_stores/" + ids.get(0)).json().path("name").asString()).isEqualTo(ids.get(0));

		JsonNode first = valid(http.get("/v1/vector_stores?limit=2&order=asc"), "ListVectorStoresResponse");
		assertThat(first.findValuesAsString("id")).containsExactly(ids.get(0), ids.get(1));
		assertThat(first.path("has_more").asBoolean()).isTrue();
		assertThat(first.path("last_id").asString()).isEqualTo(ids.get(1));
		JsonNode second = valid(http.get("/v1/vector_stores?limit=2&order=asc&after=" + ids.get(1)),
				"ListVectorStoresResponse");
		assertThat(second.path("data").findValuesAsString("id")).containsExactly(ids.get(2));
		assertThat(second.path("has_more").asBoolean()).isFalse();
		JsonNode newestFirst = valid(http.get("/v1/vector_stores"), "ListVectorStoresResponse");
		assertThat(newestFirst.path("data").get(0).path("id").asString()).isEqualTo(ids.get(2));
		JsonNode before = valid(http.get("/v1/vector_stores?order=asc&before=" + ids.get(2) + "&limit=1"),
				"ListVectorStoresResponse");
		assertThat(before.path("data").findValuesAsString("id")).containsExactly(ids.get(1));

		error(http.get("/v1/vector_stores?limit=0"), 400, "limit");
		error(http.get("/v1/vector_stores?limit=101"), 400, "limit");
		error(http.get("/v1/vector_stores?order=up"), 400, "order");
		error(http.get("/v1/vector_stores?after=vs_unknown"), 400, "after");
	}

	@Test
	void whatCannotBeHonouredIsRefusedByName() {
		KnowledgeClient carol = admin.newUser("carol");
		HttpTestClient http = carol.http();
		error(http.post("/v1/vector_stores", "{\"name\":\"x\",\"expires_after\":{\"anchor\":\"last_active_at\",\"days\":7}}"),
				400, "expires_after");
		error(http.post("/v1/vector_stores", "{\"nmae\":\"typo\"}"), 400, "nmae");
		error(http.post("/v1/vector_stores", "{\"name\":5}"), 400, "name");
		error(http.post("/v1/vector_stores", "[]"), 400, null);
		error(http.post("/v1/vector_stores", "{\"chunking_strategy\":{\"type\":\"static\",\"static\":"
				+ "{\"max_chunk_size_tokens\":800,\"chunk_overlap_tokens\":400}}}"), 400,
				"chunking_strategy.static.chunk_overlap_tokens");
		error(http.post("/v1/vector_stores", "{\"chunking_strategy\":{\"type\":\"static\",\"static\":"
				+ "{\"max_chunk_size_tokens\":50,\"chunk_overlap_tokens\":0}}}"), 400,
				"chunking_strategy.static.max_chunk_size_tokens");
		int before = http.get("/v1/vector_stores").json().path("data").size();
		error(http.post("/v1/vector_stores", "{\"name\":\"with-missing\",\"file_ids\":[\"file-missing\"]}"), 404, "file_id");
		assertThat(http.get("/v1/vector_stores").json().path("data").size()).as("no half-made store").isEqualTo(before);

		String id = valid(http.post("/v1/vector_stores", "{\"name\":\"docs\"}"), "VectorStoreObject").path("id").asString();
		error(http.post("/v1/vector_stores", "{\"name\":\"docs\"}"), 409, "name");
		error(http.post("/v1/vector_stores/" + id + "/files", "{}"), 400, "file_id");
		error(http.post("/v1/vector_stores/" + id + "/files", "{\"file_id\":\"file-missing\"}"), 404, "file_id");
		error(http.post("/v1/vector_stores/" + id + "/files", "{\"file_id\":\"f\",\"attributes\":{\"a\":[1]}}"), 400,
				"attributes.a");
		error(http.get("/v1/vector_stores/" + id + "/files/file-missing"), 404, "file_id");
		error(http.get("/v1/vector_stores/" + id + "/files?filter=done"), 400, "filter");
		error(http.post("/v1/vector_stores/" + id + "/search", "{}"), 400, "query");
		error(http.post("/v1/vector_stores/" + id + "/search", "{\"query\":\"x\",\"rewrite_query\":true}"), 400,
				"rewrite_query");
		error(http.post("/v1/vector_stores/" + id + "/search", "{\"query\":\"x\",\"max_num_results\":51}"), 400,
				"max_num_results");
		error(http.post("/v1/vector_stores/" + id + "/search", "{\"query\":\"x\",\"filters\":{\"type\":\"like\"}}"), 400,
				"filters.type");
		error(http.post("/v1/vector_stores/" + id + "/search",
				"{\"query\":\"x\",\"filters\":{\"type\":\"in\",\"key\":\"k\",\"value\":\"notalist\"}}"), 400, "filters.value");
		error(http.post("/v1/vector_stores/" + id + "/search",
				"{\"query\":\"x\",\"ranking_options\":{\"score_threshold\":2}}"), 400, "ranking_options.score_threshold");
		error(http.post("/v1/vector_stores/vs_missing/search", "{\"query\":\"x\"}"), 404, null);
		error(http.delete("/v1/vector_stores/vs_missing"), 404, null);

		// a store made with file ids holds them
		String fileId = carol.saveFile("garden.docx", KnowledgeApiTest.gardenDocx());
		JsonNode withFile = valid(http.post("/v1/vector_stores", "{\"name\":\"garden\",\"file_ids\":[\"" + fileId + "\"]}"),
				"VectorStoreObject");
		assertThat(withFile.at("/file_counts/total").asInt()).isEqualTo(1);
		JsonNode file = awaitFile(http, withFile.path("id").asString(), fileId);
		assertThat(file.path("status").asString()).isEqualTo("completed");

		// a file without text fails with OpenAI's error code, visible on the file
		String empty = carol.saveFile("blank.txt", " \n\t \n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		valid(http.post("/v1/vector_stores/" + id + "/files", "{\"file_id\":\"" + empty + "\"}"), "VectorStoreFileObject");
		JsonNode failed = awaitFile(http, id, empty);
		assertThat(failed.path("status").asString()).isEqualTo("failed");
		assertThat(failed.at("/last_error/code").asString()).isEqualTo("unsupported_file");
		assertThat(valid(http.get("/v1/vector_stores/" + id), "VectorStoreObject").at("/file_counts/failed").asInt())
			.isEqualTo(1);
	}
}
