package io.toolgate.gateway.upstream.llamacpp;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged gateway ({@code java -jar gateway/target/toolgate.jar}) with nothing but a GGUF file: it
 * serves generations (streaming and not), then exits within a few seconds of SIGTERM, although
 * java-llama.cpp's own close may never return. Runs in the integration-test phase, after the jar is built.
 */
class PackagedShutdownIT {

	static final Duration EXIT_LIMIT = Duration.ofSeconds(8);

	@Test
	void servesGenerationsThenExitsPromptlyOnSigterm() throws Exception {
		Path jar = TestUpstreams.repoRoot().resolve("gateway/target/toolgate.jar");
		assertThat(jar).as("the packaged gateway").isRegularFile();
		Path workDir = Files.createTempDirectory("toolgate-llamacpp-it");
		int port = freePort();
		Path log = workDir.resolve("gateway.log");
		Process gateway = new ProcessBuilder(List.of(javaBin(), "-jar", jar.toString(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--toolgate.data-dir=" + workDir.resolve("data"),
				"--toolgate.admin-key=" + io.toolgate.gateway.TestUpstreams.ADMIN_KEY,
				"--toolgate.upstreams[0].name=local", "--toolgate.upstreams[0].type=llamacpp",
				"--toolgate.upstreams[0].models.tiny=" + TestModels.tiny(),
				"--toolgate.upstreams[0].llamacpp.chat-template=llama2",
				"--toolgate.upstreams[0].llamacpp.context-size=1024"))
			.directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			waitUntilUp(http, port, gateway, log);
			for (String extra : List.of("", ",\"stream\":true", "")) {
				HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
						+ "/v1/chat/completions"))
					.header("Content-Type", "application/json")
					.header("Authorization", "Bearer " + io.toolgate.gateway.TestUpstreams.ADMIN_KEY)
					.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\","
							+ "\"content\":\"hi\"}],\"max_tokens\":200" + extra + "}"))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			}

			long start = System.nanoTime();
			gateway.destroy(); // SIGTERM
			boolean exited = gateway.waitFor(EXIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			System.out.println("[shutdown] the gateway exited " + took.toMillis() + " ms after SIGTERM");
			assertThat(exited).as("exited within %s of SIGTERM; log:%n%s", EXIT_LIMIT, Files.readString(log)).isTrue();
		}
		finally {
			if (gateway.isAlive()) {
				gateway.destroyForcibly();
			}
		}
	}

	private static void waitUntilUp(HttpClient http, int port, Process gateway, Path log) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			assertThat(gateway.isAlive()).as("gateway still running; log:%n%s", Files.readString(log)).isTrue();
			try {
				HttpResponse<String> models = http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models"))
							.header("Authorization", "Bearer " + io.toolgate.gateway.TestUpstreams.ADMIN_KEY).build(),
						HttpResponse.BodyHandlers.ofString());
				if (models.statusCode() == 200 && models.body().contains("\"tiny\"")) {
					return;
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the gateway did not start within 60 s; log:\n" + Files.readString(log));
	}

	private static String javaBin() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
