package io.toolgate.gateway.knowledge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.NodeSdk;
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
		NodeSdk.ensureInstalled();

		ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec", "vector-stores-sdk.mjs")
			.directory(NodeSdk.DIR.toFile())
			.redirectErrorStream(true);
		builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("TOOLGATE_"));
		builder.environment().put("TOOLGATE_BASE_URL", "http://127.0.0.1:" + port + "/v1");
		builder.environment().put("TOOLGATE_API_KEY", TestUpstreams.ADMIN_KEY);
		builder.environment().put("TOOLGATE_PDF_PATH", pdf.toString());
		builder.environment().put("TOOLGATE_DOCX_PATH", docx.toString());
		builder.environment().put("NO_COLOR", "1");
		Process process = NodeSdk.start(builder);
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		boolean finished = process.waitFor(3, TimeUnit.MINUTES);
		System.out.println(output);
		assertThat(finished).as("node finished").isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("pass 3").contains("fail 0");
	}


}
