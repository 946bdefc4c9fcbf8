package io.toolgate.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node test suites that drive the gateway with the official {@code openai} npm SDK
 * ({@code gateway/src/test/node}, pinned by its package-lock.json). A missing node or npm fails the test.
 */
public final class NodeSdk {

	/** Where the suites and their package-lock.json are. */
	public static final Path DIR = Path.of("src", "test", "node").toAbsolutePath().normalize();

	private NodeSdk() {
	}

	/** {@code npm ci} when the SDK is not installed yet. */
	public static void ensureInstalled() throws IOException, InterruptedException {
		if (Files.isDirectory(DIR.resolve("node_modules/openai"))) {
			return;
		}
		Process ci = start(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
			.redirectErrorStream(true));
		String output = new String(ci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(ci.waitFor(5, TimeUnit.MINUTES) && ci.exitValue() == 0).as("npm ci: %s", output).isTrue();
	}

	/** Starts a process, failing the test with what is needed when the program is missing. */
	public static Process start(ProcessBuilder builder) {
		try {
			return builder.start();
		}
		catch (IOException e) {
			throw new AssertionError("cannot run " + builder.command() + " (node 20+ and npm are required): "
					+ e.getMessage(), e);
		}
	}
}
