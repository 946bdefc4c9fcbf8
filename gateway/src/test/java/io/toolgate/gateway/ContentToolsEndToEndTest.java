package io.toolgate.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.files.FilesClient;
import io.toolgate.gateway.knowledge.TestDocuments;
import io.toolgate.gateway.tools.TestPluginJars;
import io.toolgate.loadtest.websearch.FakeTavily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 6 end to end, through the bundled plugin jars and with no embedding upstream: a chat attaches a PDF, and
 * the fake model calls rag (a collection built from an uploaded PDF), websearch (the fake Tavily) and ppt_maker
 * (the Marp CLI and Chromium) at once; the answer cites all three, and the deck downloads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContentToolsEndToEndTest {

	static final FakeTavily TAVILY = FakeTavily.start();

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestUpstreams.register(registry);
		Path plugins = Files.createTempDirectory("toolgate-content-plugins-");
		Files.copy(TestPluginJars.bundledJar("plugins/rag/target/toolgate-plugin-rag.jar"), plugins.resolve("rag.jar"));
		Files.copy(TestPluginJars.websearchJar(), plugins.resolve("websearch.jar"));
		Files.copy(TestPluginJars.pptMakerJar(), plugins.resolve("ppt_maker.jar"));
		registry.add("toolgate.plugins-dir", plugins::toString);
		registry.add("toolgate.tools.websearch.config.provider", () -> "tavily");
		registry.add("toolgate.tools.websearch.config.base-url", TAVILY::baseUrl);
		registry.add("toolgate.tools.websearch.config.api-key", () -> FakeTavily.DEFAULT_API_KEY);
		registry.add("toolgate.tools.ppt_maker.config.marp-command", () -> TestUpstreams.repoRoot()
			.resolve("plugins/ppt_maker/marp/node_modules/.bin/marp").toString());
		registry.add("toolgate.agents.analyst.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.analyst.tools", () -> "rag,websearch,ppt_maker");
	}

	@AfterAll
	static void stopFakes() {
		TAVILY.close();
	}

	@LocalServerPort
	int port;

	@Test
	void aChatWithAnAttachedPdfSearchesKnowledgeAndWebAndMakesADeckThatDownloads() throws Exception {
		HttpTestClient admin = new HttpTestClient(port);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			String plugins = admin.get("/api/plugins").body();
			return plugins.contains("\"rag\"") && plugins.contains("\"websearch\"") && plugins.contains("\"ppt_maker\"");
		});
		String userId = admin.post("/api/users", "{\"username\":\"ana\",\"password\":\"password-ana-123\"}").json()
			.path("id").asString();
		HttpTestClient ana = admin.as(admin.post("/api/keys", "{\"user_id\":\"" + userId + "\"}").json().path("key").asString());
		FilesClient files = new FilesClient(port, ana.apiKey());

		// The knowledge base: a collection with one uploaded PDF.
		String handbook = files.uploaded("handbook.pdf", "application/pdf", TestDocuments.pdf(List.of(
				TestDocuments.FILLER, List.of("Project Zephyr has a budget of 42 million euros for 2027."))), "assistants")
			.path("id").asString();
		String collection = ana.post("/api/collections", "{\"name\":\"projects\"}").json().path("id").asString();
		var added = ana.post("/api/collections/" + collection + "/files", "{\"file_id\":\"" + handbook + "\"}");
		assertThat(added.status()).as(added.body()).isEqualTo(201);

		// The attachment: a PDF that the chat carries as a file part.
		String memo = files.uploaded("memo.pdf", "application/pdf", TestDocuments.pdf(List.of(List.of(
				"Memo: the steering board meets on the first Monday of March."))), "user_data").path("id").asString();

		String deck = "---\nmarp: true\n---\n\n# Zephyr\n\n---\n\n## Budget\n\n42 million euros\n\n---\n\n## Board\n";
		String script = String.join("\n",
				"tool:rag " + JSON.writeValueAsString(Map.of("collection", "projects", "query", "Zephyr budget")),
				"tool:websearch " + JSON.writeValueAsString(Map.of("query", "Zephyr project news")),
				"tool:ppt_maker " + JSON.writeValueAsString(Map.of("markdown", deck, "formats", List.of("pdf", "pptx"))));
		String request = JSON.writeValueAsString(Map.of("model", "analyst", "messages", List.of(
				Map.of("role", "user", "content", List.of(Map.of("type", "file", "file", Map.of("file_id", memo)),
						Map.of("type", "text", "text", "Read the memo."))),
				Map.of("role", "user", "content", script))));

		var response = ana.post("/v1/chat/completions", request);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(TestUpstreams.openai().lastChatRequestBody()).as("the attachment's text reached the model")
			.contains("steering board meets on the first Monday of March");
		assertThat(body.at("/toolgate/tool_calls").valueStream().map(call -> call.path("name").asString() + ":"
				+ call.path("status").asString()))
			.containsExactlyInAnyOrder("rag:completed", "websearch:completed", "ppt_maker:completed");
		String answer = body.at("/choices/0/message/content").asString();
		assertThat(answer).contains("42 million euros", "handbook.pdf")
			.contains("https://example.com/")
			.contains("zephyr.pdf", "zephyr.pptx");
		assertThat(TAVILY.requests()).isEqualTo(1);

		JsonNode pdfArtifact = body.at("/toolgate/artifacts").valueStream()
			.filter(a -> a.path("media_type").asString().equals("application/pdf")).findFirst().orElseThrow();
		FilesClient.Response download = files.get(pdfArtifact.path("url").asString());
		assertThat(download.status()).isEqualTo(200);
		try (PDDocument document = Loader.loadPDF(download.bytes())) {
			assertThat(document.getNumberOfPages()).isEqualTo(3);
		}
		assertThat(new FilesClient(port, TestUpstreams.ADMIN_KEY).get(pdfArtifact.path("url").asString()).status())
			.as("the deck is ana's alone").isEqualTo(404);
	}
}
