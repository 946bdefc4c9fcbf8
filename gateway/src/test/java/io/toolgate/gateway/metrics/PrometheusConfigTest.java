package io.toolgate.gateway.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ops/prometheus/prometheus.yml} and {@code alerts.yml} pass {@code promtool}'s checks. */
class PrometheusConfigTest {

	private static final Path PROMETHEUS = TestUpstreams.repoRoot().resolve("ops/prometheus");

	@Test
	void alertRulesPassPromtool() throws Exception {
		assertPromtoolPasses(PROMETHEUS, "check", "rules", "alerts.yml");
	}

	/** The scrape config reads the key from toolgate.key beside it (git-ignored), so the check runs on a copy with one. */
	@Test
	void scrapeConfigPassesPromtool(@TempDir Path dir) throws Exception {
		Files.copy(PROMETHEUS.resolve("prometheus.yml"), dir.resolve("prometheus.yml"));
		Files.copy(PROMETHEUS.resolve("alerts.yml"), dir.resolve("alerts.yml"));
		Files.writeString(dir.resolve("toolgate.key"), TestUpstreams.ADMIN_KEY + "\n");
		String output = assertPromtoolPasses(dir, "check", "config", "prometheus.yml");
		assertThat(output).contains("SUCCESS: 1 rule files found");
	}

	static String assertPromtoolPasses(Path workingDirectory, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(promtool());
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished within 60s").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as("%s in %s:%n%s", command, workingDirectory, output).isZero();
		return output;
	}

	/** promtool on the PATH; missing is a failure, never a skip. */
	static String promtool() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(dir, "promtool");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		throw new AssertionError("promtool is not on the PATH: install Debian's prometheus package "
				+ "(.ci/run does: apt-get install prometheus)");
	}
}
