package io.toolgate.gateway.conversation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/** The opt-in audit log: one JSON line per turn, in a rotated file of its own, entries capped. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditLogTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.audit.enabled", () -> "true");
		registry.add("toolgate.audit.max-file-size", () -> "2KB");
		registry.add("toolgate.audit.max-files", () -> "2");
		registry.add("toolgate.audit.max-entry-chars", () -> "1500");
	}

	@LocalServerPort
	int port;

	@Value("${toolgate.audit.file}")
	String file;

	@Test
	void writesEachTurnRotatesAndCapsEntries() throws Exception {
		HttpTestClient client = new HttpTestClient(port);
		client.post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.OPENAI_MODEL
				+ "\",\"session_id\":\"audited\",\"messages\":[{\"role\":\"user\",\"content\":\"text:the audited answer\"}]}");
		Path log = Path.of(file);
		List<String> lines = Files.readAllLines(log);
		assertThat(lines).hasSize(1);
		assertThat(lines.get(0)).contains("\"user\":\"admin\"").contains("\"session_id\":\"audited\"")
			.contains("text:the audited answer").contains("the audited answer\"").contains("\"model\":\"openai-model\"");

		String big = "x".repeat(3000);
		for (int i = 0; i < 6; i++) {
			client.post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.OPENAI_MODEL
					+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}");
		}
		assertThat(Files.readAllLines(log)).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(1500));
		assertThat(String.join("\n", Files.readAllLines(log))).contains("\"truncated\":true");
		assertThat(log.resolveSibling("audit.1.log")).exists();
		assertThat(log.resolveSibling("audit.3.log")).doesNotExist();
	}
}
