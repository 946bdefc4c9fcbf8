package io.toolgate.gateway.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.GatewayProperties;
import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.files.FilesClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bundled ppt_maker plugin jar in a running gateway: the fake upstream scripts a ppt_maker call with a
 * request, the plugin asks the turn's model (the same fake, through the model-client host service) to write the
 * Marp markdown, and the Marp CLI renders it to a PDF with one page per slide.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PptMakerPluginTest {

	static final Path MARP = TestUpstreams.repoRoot().resolve("plugins/ppt_maker/marp/node_modules/.bin/marp");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		TestUpstreams.register(registry);
		Path plugins = Files.createTempDirectory("toolgate-plugins-");
		Files.copy(TestPluginJars.pptMakerJar(), plugins.resolve("ppt_maker.jar"));
		registry.add("toolgate.plugins-dir", plugins::toString);
		registry.add("toolgate.tools.ppt_maker.config.marp-command", MARP::toString);
		registry.add("toolgate.agents.presenter.model", () -> TestUpstreams.OPENAI_MODEL);
		registry.add("toolgate.agents.presenter.tools", () -> "ppt_maker");
	}

	@LocalServerPort
	int port;

	@Autowired
	GatewayProperties gateway;

	@Autowired
	JsonMapper json;

	@Test
	void aRequestBecomesAModelWrittenDeckRenderedToPdfAndPptx() throws Exception {
		assertThat(MARP).as("the Marp CLI (npm ci --prefix plugins/ppt_maker/marp; .ci/run does it)").isExecutable();
		HttpTestClient client = new HttpTestClient(port);
		await().atMost(Duration.ofSeconds(30)).until(() -> client.get("/api/plugins").body().contains("\"started\""));
		String deck = "---\nmarp: true\n---\n\n# Bees\n\n---\n\n## Hives\n\n- wax\n\n---\n\n## Honey\n";
		// The model's scripted answer travels inside the request: the fake model answers the plugin's question with it.
		String arguments = json.writeValueAsString(Map.of("request", "A deck about bees\ntext-json:"
				+ json.writeValueAsString(deck), "formats", List.of("pdf", "pptx")));
		String body = json.writeValueAsString(Map.of("model", "presenter", "messages",
				List.of(Map.of("role", "user", "content", "tool:ppt_maker " + arguments))));

		var response = client.post("/v1/chat/completions", body);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode answer = response.json();
		assertThat(answer.at("/toolgate/tool_calls/0/status").asString()).as(answer.toString()).isEqualTo("completed");
		assertThat(answer.at("/choices/0/message/content").asString())
			.startsWith("Tool results: Made a deck of 3 slides: bees.pdf, bees.pptx.")
			.contains("1. Bees", "2. Hives", "3. Honey");
		// The deck comes back as the caller's files (rendered in the call's scratch directory, which is gone now).
		JsonNode artifacts = answer.at("/toolgate/tool_calls/0/artifacts");
		assertThat(artifacts.valueStream().map(a -> a.path("filename").asString())).containsExactly("bees.pdf", "bees.pptx");
		FilesClient files = new FilesClient(port, TestUpstreams.ADMIN_KEY);
		byte[] pdf = files.get(artifacts.get(0).path("url").asString()).bytes();
		try (PDDocument document = Loader.loadPDF(pdf)) {
			assertThat(document.getNumberOfPages()).isEqualTo(3);
		}
		byte[] pptx = files.get(artifacts.get(1).path("url").asString()).bytes();
		assertThat(pptx).startsWith((byte) 'P', (byte) 'K');
		try (Stream<Path> left = Files.walk(gateway.dataDir())) {
			assertThat(left.filter(p -> p.getFileName().toString().equals("bees.pdf"))).as("no copy outside the file store")
				.allMatch(p -> p.startsWith(gateway.dataDir().resolve("files")));
		}
	}
}
