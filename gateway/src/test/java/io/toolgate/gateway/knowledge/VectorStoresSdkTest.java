package io.toolgate.gateway.knowledge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code src/test/node/vector-stores-sdk.mjs}: the official {@code openai} npm SDK uploads a PDF and a DOCX
 * made here through {@code /v1/files}, creates vector stores, adds the files and polls (also {@code uploadAndPoll}),
 * searches with filters, pages through lists and deletes. Needs node and npm
 * (a failure without them, never a skip).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VectorStoresSdkTest {

	static final Path NODE_DIR = Paths.get("src", "test", "node").toAbsolutePath().normalize();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void officialOpenAiSdk() throws Exception {
		Path documents = Files.createTempDirectory("toolgate-sdk-documents-");
		Path pdf = Files.write(documents.resolve("handbook.pdf"), KnowledgeApiTest.handbookPdf());
		Path docx = Files.write(documents.resolve("garden.docx"), KnowledgeApiTest.gardenDocx());
		ensureNodeModules();

		ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec", "vector-stores-sdk.mjs")
			.directory(NODE_DIR.toFile())
			.redirectErrorStream(true);
		builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("TOOLGATE_"));
		builder.environment().put("TOOLGATE_BASE_URL", "http://127.0.0.1:" + port + "/v1");
		builder.environment().put("TOOLGATE_API_KEY", TestUpstreams.ADMIN_KEY);
		builder.environment().put("TOOLGATE_PDF_PATH", pdf.toString());
		builder.environment().put("TOOLGATE_DOCX_PATH", docx.toString());
		builder.environment().put("NO_COLOR", "1");
		Process process = start(builder);
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		boolean finished = process.waitFor(3, TimeUnit.MINUTES);
		System.out.println(output);
		assertThat(finished).as("node finished").isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("pass 3").contains("fail 0");
	}

	/** {@code npm ci} when the SDK is not installed yet (as OpenAiSdkConformanceTest does). */
	private static void ensureNodeModules() throws IOException, InterruptedException {
		if (Files.isDirectory(NODE_DIR.resolve("node_modules/openai"))) {
			return;
		}
		Process ci = start(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(NODE_DIR.toFile())
			.redirectErrorStream(true));
		String output = new String(ci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(ci.waitFor(5, TimeUnit.MINUTES) && ci.exitValue() == 0).as("npm ci: %s", output).isTrue();
	}

	private static Process start(ProcessBuilder builder) {
		try {
			return builder.start();
		}
		catch (IOException e) {
			throw new AssertionError("cannot run " + builder.command() + " (node 20+ and npm are required): "
					+ e.getMessage(), e);
		}
	}
}
