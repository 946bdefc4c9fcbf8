package io.toolgate.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM flags the systemd unit and the container image ship really make an out-of-memory JVM exit (so that systemd
 * or Docker restarts it), instead of living on with a dead thread: each file's own flags are run on a probe.
 */
class ShippedJvmFlagsTest {

	@Test
	void theSystemdUnitsJvmExitsOnOutOfMemory() throws Exception {
		String unit = Files.readString(TestUpstreams.repoRoot().resolve("ops/systemd/toolgate.service"));
		Matcher exec = Pattern.compile("(?m)^ExecStart=(.*)$").matcher(unit);
		assertThat(exec.find()).isTrue();
		assertExitsOnOutOfMemory(jvmFlags(Arrays.asList(exec.group(1).trim().split("\\s+"))));
	}

	@Test
	void theContainerImagesJvmExitsOnOutOfMemory() throws Exception {
		String dockerfile = Files.readString(TestUpstreams.repoRoot().resolve("ops/compose/Dockerfile"));
		Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)\\]$").matcher(dockerfile);
		assertThat(entrypoint.find()).isTrue();
		List<String> words = Arrays.stream(entrypoint.group(1).split(","))
			.map(word -> word.trim().replaceAll("^\"|\"$", ""))
			.toList();
		assertExitsOnOutOfMemory(jvmFlags(words));
	}

	/** The -XX options of a java command line. */
	private static List<String> jvmFlags(List<String> command) {
		return command.stream().filter(word -> word.startsWith("-XX:")).toList();
	}

	private static void assertExitsOnOutOfMemory(List<String> flags) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(flags);
		command.add("-Xmx32m"); // after the shipped flags: a small heap, so the probe runs out fast
		command.add("-cp");
		command.add(Path.of(OutOfMemoryProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
		command.add(OutOfMemoryProbe.class.getName());
		Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
		boolean exited = probe.waitFor(40, TimeUnit.SECONDS);
		if (!exited) {
			probe.destroyForcibly();
		}
		String output = new String(probe.getInputStream().readAllBytes());
		assertThat(exited).as("the JVM started with %s exited on OutOfMemoryError; output: %s", flags, output).isTrue();
		assertThat(probe.exitValue()).as(output).isNotZero();
		assertThat(output).contains("Terminating due to java.lang.OutOfMemoryError");
	}
}
