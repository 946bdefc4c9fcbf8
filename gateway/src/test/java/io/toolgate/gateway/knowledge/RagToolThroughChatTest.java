package io.toolgate.gateway.knowledge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarFile;

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
 * The bundled rag plugin jar, called by the fake upstream through the tool loop of a chat: it finds facts in a
 * PDF and a DOCX made by the test, cites file and page, and reports unknown and empty collections clearly. No
 * embedding upstream is configured: the built-in model does the work, offline.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RagToolThroughChatTest {

	static Path ragJar() {
		Path jar = TestUpstreams.repoRoot().resolve("plugins/rag/target/toolgate-plugin-rag.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build the plugin modules first (./mvnw verify builds "
					+ "them before the gateway, or ./mvnw -pl plugins/rag -am install)");
		}
		return jar;
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestUpstreams.register(registry);
		Path plugins = Files.createTempDirectory("toolgate-rag-plugins-");
		Files.copy(ragJar(), plugins.resolve("rag.jar"));
		registry.add("toolgate.plugins-dir", plugins::toString);
		registry.add("toolgate.agents.librarian.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.librarian.tools", () -> "rag");
		registry.add("toolgate.agents.archivist.model", () -> TestUpstreams.OLLAMA_MODEL);
		registry.add("toolgate.agents.archivist.tools", () -> "rag");
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
		await().atMost(Duration.ofSeconds(30))
			.until(() -> admin.http().get("/api/plugins").body().contains("\"rag\""));
	}

	@Test
	void theBundledJarIsAPluginWithTheRagTool() throws Exception {
		try (JarFile jar = new JarFile(ragJar().toFile())) {
			assertThat(new String(jar.getInputStream(jar.getJarEntry("META-INF/extensions.idx")).readAllBytes()))
				.contains("io.toolgate.plugins.rag.RagTool");
			assertThat(jar.getManifest().getMainAttributes().getValue("Plugin-Id")).isEqualTo("rag");
			assertThat(jar.stream().map(e -> e.getName())).noneMatch(name -> name.startsWith("io/toolgate/plugin/api/"));
		}
		JsonNode plugin = admin.http().get("/api/plugins").json().get(0);
		assertThat(plugin.path("state").asString()).isEqualTo("started");
		assertThat(plugin.at("/tools/0/name").asString()).isEqualTo("rag");
		assertThat(plugin.at("/tools/0/default_approval").asString()).isEqualTo("never");
	}

	@Test
	void theModelFindsAndCitesFactsInAPdfAndADocx() {
		KnowledgeClient alice = admin.newUser("alice");
		String id = alice.createCollection("station");
		alice.addIndexed(id, "handbook.pdf", KnowledgeApiTest.handbookPdf());
		alice.addIndexed(id, "garden.docx", KnowledgeApiTest.gardenDocx());

		for (String profile : new String[] { "librarian", "archivist" }) {
			JsonNode generator = chat(alice, profile,
					"tool:rag {\"collection\":\"station\",\"query\":\"How is the emergency generator started?\",\"top_k\":2}");
			String answer = generator.at("/choices/0/message/content").asString();
			assertThat(answer).startsWith("Tool results: 2 passages from the collection 'station'")
				.contains("[1] handbook.pdf, page 2 (relevance ")
				.contains(KnowledgeApiTest.GENERATOR_FACT)
				.contains("[2] ");
			assertThat(generator.at("/toolgate/tool_calls/0/status").asString()).isEqualTo("completed");
		}

		JsonNode greenhouse = chat(alice, "librarian",
				"tool:rag {\"collection\":\"station\",\"query\":\"Where is the greenhouse key kept?\",\"top_k\":1}");
		assertThat(greenhouse.at("/choices/0/message/content").asString())
			.contains("1 passage from the collection 'station'")
			.contains("[1] garden.docx (relevance ")
			.contains("blue cabinet");
	}

	@Test
	void unknownAndEmptyCollectionsAreClearErrorResults() {
		KnowledgeClient bob = admin.newUser("bob");
		bob.createCollection("empty-shelf");
		String withFile = bob.createCollection("notes");
		bob.addIndexed(withFile, "garden.docx", KnowledgeApiTest.gardenDocx());

		JsonNode unknown = chat(bob, "librarian", "tool:rag {\"collection\":\"nope\",\"query\":\"anything\"}");
		// (other tests may have made shared collections, which are listed after these)
		assertThat(unknown.at("/choices/0/message/content").asString())
			.startsWith("Tool results: There is no collection named 'nope'. Collections you can search: empty-shelf, notes");
		assertThat(unknown.at("/toolgate/tool_calls/0/status").asString()).isEqualTo("failed");

		JsonNode empty = chat(bob, "librarian", "tool:rag {\"collection\":\"empty-shelf\",\"query\":\"anything\"}");
		assertThat(empty.at("/choices/0/message/content").asString())
			.isEqualTo("Tool results: The collection 'empty-shelf' has no documents yet: add files to it first.");
		assertThat(empty.at("/toolgate/tool_calls/0/status").asString()).isEqualTo("failed");
	}

	@Test
	void theToolSeesOnlyTheCallersOwnAndSharedCollections() {
		KnowledgeClient alice = admin.newUser("alice");
		KnowledgeClient mallory = admin.newUser("mallory");
		String alices = alice.createCollection("secrets");
		alice.addIndexed(alices, "handbook.pdf", KnowledgeApiTest.handbookPdf());

		JsonNode denied = chat(mallory, "librarian", "tool:rag {\"collection\":\"secrets\",\"query\":\"access code\"}");
		String answer = denied.at("/choices/0/message/content").asString();
		assertThat(answer).startsWith("Tool results: There is no collection named 'secrets'");
		assertThat(answer.substring(answer.indexOf('.'))).doesNotContain("secrets");
		assertThat(answer).doesNotContain("7391");

		// a shared collection is found by everyone; a user's own collection of the same name comes first
		HttpTestClient.Response shared = admin.http().post("/api/collections", "{\"name\":\"manuals\",\"shared\":true}");
		String sharedId = shared.json().path("id").asString();
		admin.addIndexed(sharedId, "handbook.pdf", KnowledgeApiTest.handbookPdf());
		assertThat(chat(mallory, "librarian", "tool:rag {\"collection\":\"manuals\",\"query\":\"generator access code\","
				+ "\"top_k\":1}").at("/choices/0/message/content").asString()).contains("7391");

		String own = mallory.createCollection("manuals");
		mallory.addIndexed(own, "garden.docx", KnowledgeApiTest.gardenDocx());
		assertThat(chat(mallory, "librarian", "tool:rag {\"collection\":\"manuals\",\"query\":\"generator access code\","
				+ "\"top_k\":1}").at("/choices/0/message/content").asString()).contains("garden.docx")
			.doesNotContain("7391");
	}

	private JsonNode chat(KnowledgeClient user, String profile, String content) {
		String body = "{\"model\":\"" + profile + "\",\"messages\":[{\"role\":\"user\",\"content\":"
				+ user.http().json(content) + "}]}";
		HttpTestClient.Response response = user.http().post("/v1/chat/completions", body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		schema.assertValid("CreateChatCompletionResponse", response.body());
		return response.json();
	}
}
