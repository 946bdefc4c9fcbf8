package io.toolgate.gateway.files;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.openai.OpenAiSchemaValidator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool artifacts through the tool loop with the fake upstream: stored as the caller's files, listed to the model,
 * shown to the client (stream and completion), downloadable by their owner only; files from outside the tool's
 * workspace are refused. Also the FileStore host service as a tool uses it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ArtifactTestTools.class)
class ArtifactsTest {

	static final AtomicInteger USERS = new AtomicInteger();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
	}

	@LocalServerPort
	int port;

	final OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();

	HttpTestClient alice;

	FilesClient aliceFiles;

	FilesClient bobFiles;

	String bobKey;

	@BeforeEach
	void setUp() {
		HttpTestClient admin = new HttpTestClient(port);
		int n = USERS.incrementAndGet();
		String aliceKey = FilesClient.newUserKey(admin, "art-alice" + n);
		bobKey = FilesClient.newUserKey(admin, "art-bob" + n);
		alice = admin.as(aliceKey);
		aliceFiles = new FilesClient(port, aliceKey);
		bobFiles = new FilesClient(port, bobKey);
	}

	static String chat(String model, String content, String tool, boolean stream) {
		return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
				+ content.replace("\"", "\\\"") + "\"}],\"tools\":[{\"type\":\"toolgate\",\"name\":\"" + tool + "\"}]}";
	}

	private void assertDownloadableByItsOwnerOnly(String fileId) {
		FilesClient.Response download = aliceFiles.get("/v1/files/" + fileId + "/content");
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.bytes()).isEqualTo(ArtifactTestTools.lastChart);
		assertThat(FilesClient.headers(download).get("content-type")).isEqualTo("image/png");
		assertThat(bobFiles.get("/v1/files/" + fileId + "/content").status()).isEqualTo(404);
		assertThat(new FilesClient(port, TestUpstreams.ADMIN_KEY).get("/v1/files/" + fileId + "/content").status())
			.isEqualTo(404);
		JsonNode file = aliceFiles.get("/v1/files/" + fileId).json();
		assertThat(file.path("purpose").asString()).isEqualTo("assistants_output");
		assertThat(file.path("filename").asString()).isEqualTo("chart.png");
	}

	@Test
	void aNonStreamingCompletionListsTheArtifactAndTheModelSeesIt() {
		for (String model : List.of(TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL)) {
			var response = alice.post("/v1/chat/completions", chat(model, "tool:chart {}", "chart", false));
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			schema.assertValid("CreateChatCompletionResponse", response.body());
			JsonNode body = response.json();
			JsonNode artifact = body.at("/toolgate/tool_calls/0/artifacts/0");
			String fileId = artifact.path("file_id").asString();
			assertThat(fileId).startsWith("file-");
			assertThat(artifact.path("filename").asString()).isEqualTo("chart.png");
			assertThat(artifact.path("media_type").asString()).isEqualTo("image/png");
			assertThat(artifact.path("bytes").asLong()).isEqualTo(ArtifactTestTools.lastChart.length);
			assertThat(artifact.path("url").asString()).isEqualTo("/v1/files/" + fileId + "/content");
			assertThat(body.at("/toolgate/artifacts/0")).isEqualTo(artifact);
			// The fake model answers with the tool results it was given: the listing is among them.
			assertThat(body.at("/choices/0/message/content").asString()).contains("drew a chart")
				.contains("chart.png")
				.contains(fileId)
				.contains("/v1/files/" + fileId + "/content");
			assertDownloadableByItsOwnerOnly(fileId);
		}
	}

	@Test
	void aStreamCarriesTheArtifactsOnTheCompletedToolActivity() {
		var stream = alice.stream("/v1/chat/completions", chat(TestUpstreams.OPENAI_MODEL, "tool:chart {}", "chart", true));
		assertThat(stream.status()).isEqualTo(200);
		stream.dataLines()
			.stream()
			.filter(line -> !line.equals("[DONE]"))
			.forEach(line -> schema.assertValid("CreateChatCompletionStreamResponse", line));
		JsonNode completed = stream.chunks()
			.stream()
			.map(chunk -> chunk.path("toolgate"))
			.filter(toolgate -> "tool_call".equals(toolgate.path("type").asString())
					&& "completed".equals(toolgate.path("status").asString()))
			.findFirst()
			.orElseThrow();
		JsonNode artifact = completed.path("artifacts").get(0);
		assertThat(completed.path("artifacts")).hasSize(1);
		assertThat(artifact.path("filename").asString()).isEqualTo("chart.png");
		assertThat(artifact.path("media_type").asString()).isEqualTo("image/png");
		String fileId = artifact.path("file_id").asString();
		assertThat(artifact.path("url").asString()).isEqualTo("/v1/files/" + fileId + "/content");
		assertDownloadableByItsOwnerOnly(fileId);
	}

	@Test
	void filesFromOutsideTheWorkspaceAreRefused() {
		var response = alice.post("/v1/chat/completions", chat(TestUpstreams.OPENAI_MODEL, "tool:exfiltrate {}",
				"exfiltrate", false));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.at("/toolgate/tool_calls/0/artifacts").isMissingNode()).isTrue();
		assertThat(body.at("/toolgate/artifacts").isMissingNode()).isTrue();
		String seen = body.at("/choices/0/message/content").asString();
		assertThat(seen).contains("'direct.txt': the file is outside the tool's workspace")
			.contains("'linked.txt': the file is outside the tool's workspace")
			.contains("'relative.txt': the file is outside the tool's workspace")
			.doesNotContain("host secret");
		assertThat(aliceFiles.get("/v1/files").json().path("data")).isEmpty();
	}

	@Test
	void aToolSavesAndOpensTheCallersFilesButNotAnotherUsers() {
		String bobsFile = bobFiles.uploaded("bob.txt", "text/plain", "bob's data".getBytes(), "user_data")
			.path("id")
			.asString();
		var response = alice.post("/v1/chat/completions",
				chat(TestUpstreams.OPENAI_MODEL, "tool:filer {\"text\":\"" + bobsFile + "\"}", "filer", false));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		String seen = response.json().at("/choices/0/message/content").asString();
		assertThat(seen).contains("own=report body").contains("other=missing").contains("outside=refused")
			.doesNotContain("OPENED").doesNotContain("SAVED");
		JsonNode files = aliceFiles.get("/v1/files").json().path("data");
		assertThat(files).hasSize(1);
		assertThat(files.get(0).path("filename").asString()).isEqualTo("report.txt");
		assertThat(seen).contains("saved=" + files.get(0).path("id").asString() + " report.txt text/plain 11");
	}
}
