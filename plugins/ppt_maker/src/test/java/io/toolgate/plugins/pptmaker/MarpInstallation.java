package io.toolgate.plugins.pptmaker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Marp CLI and Chromium the tests render with: {@code plugins/ppt_maker/marp} ({@code npm ci} runs there
 * when node_modules is missing or older than package-lock.json) and Debian's chromium. Either missing fails the
 * test; nothing is skipped.
 */
final class MarpInstallation {

	static final Path MARP_DIR = Path.of("marp").toAbsolutePath();

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private MarpInstallation() {
	}

	static synchronized Path marp() throws IOException, InterruptedException {
		Path lock = MARP_DIR.resolve("package-lock.json");
		assertThat(lock).as("committed package-lock.json of the Marp CLI").isRegularFile();
		Path marker = MARP_DIR.resolve("node_modules/.package-lock.json");
		Path marp = MARP_DIR.resolve("node_modules/.bin/marp");
		boolean upToDate = Files.isExecutable(marp) && Files.isRegularFile(marker)
				&& Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) >= 0;
		if (!upToDate) {
			System.out.println("[npm] installing the Marp CLI: npm ci in " + MARP_DIR);
			BoundedProcess.Outcome ci;
			try {
				ci = BoundedProcess.run(List.of("npm", "ci", "--no-audit", "--no-fund"), MARP_DIR, Map.of(),
						Duration.ofMinutes(5));
			}
			catch (IOException e) {
				throw new AssertionError("npm could not be started (Node 20+ and npm are needed to install the Marp "
						+ "CLI; .ci/run installs them): " + e.getMessage(), e);
			}
			assertThat(ci.exitCode()).as("npm ci in %s:%n%s", MARP_DIR, ci.output()).isZero();
			if (Files.isRegularFile(marker)) {
				Files.setLastModifiedTime(marker, FileTime.fromMillis(System.currentTimeMillis()));
			}
		}
		assertThat(marp).as("the Marp CLI").isExecutable();
		return marp;
	}

	static Path chromium() {
		assertThat(CHROMIUM).as("Debian's chromium package (apt-get install chromium; .ci/run installs it)")
			.isExecutable();
		return CHROMIUM;
	}

	/** The plugin configuration that renders with the installed Marp CLI and Chromium. */
	static Map<String, String> config() throws IOException, InterruptedException {
		return Map.of("marp-command", marp().toString(), "browser-path", chromium().toString(), "timeout", "150s");
	}
}
