package io.toolgate.gateway.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.toolgate.gateway.GatewayProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher's lifecycle without Spring: start-up loading, watching on or off, and a clean stop. */
class PluginDirectoryWatcherTest {

	static PluginHost host(Path pluginsDir) throws IOException {
		return new PluginHost(new GatewayProperties(pluginsDir.getParent(), pluginsDir, ""), new BuiltinToolSource(List.of()));
	}

	static boolean watcherThreadAlive() {
		return Thread.getAllStackTraces().keySet().stream()
			.anyMatch(thread -> thread.getName().equals("toolgate-plugin-watcher") && thread.isAlive());
	}

	@Test
	void withoutWatchingOnlyStartUpJarsCountAndStopUnloadsThem() throws Exception {
		Path pluginsDir = Files.createTempDirectory("watcher-test").resolve("plugins");
		Files.createDirectories(pluginsDir);
		Files.copy(TestPluginJars.clockJar(), pluginsDir.resolve("clock.jar"));
		PluginHost host = host(pluginsDir);
		PluginDirectoryWatcher watcher = new PluginDirectoryWatcher(host, new PluginProperties(false, Duration.ofMillis(50)));

		watcher.start();
		assertThat(host.tools()).extracting(RegisteredTool::name).containsExactly("calculator", "clock");
		assertThat(watcherThreadAlive()).isFalse();
		TestPluginJars.drop(pluginsDir, "late.jar", TestPluginJars.toolPlugin("late", "1.0", "late_tool", "x"));
		Thread.sleep(500);
		assertThat(host.plugins()).extracting(PluginInfo::jar).containsExactly("clock.jar");

		watcher.stop();
		assertThat(watcher.isRunning()).isFalse();
		assertThat(host.tools()).isEmpty();
		assertThat(host.plugins()).isEmpty();
		host.synchronize(); // closed: does nothing
		assertThat(host.plugins()).isEmpty();
	}

	@Test
	void watchingCreatesTheDirectoryAndStopEndsTheThread() throws Exception {
		Path pluginsDir = Files.createTempDirectory("watcher-test").resolve("missing/plugins");
		PluginHost host = host(pluginsDir);
		PluginDirectoryWatcher watcher = new PluginDirectoryWatcher(host, new PluginProperties(true, Duration.ofMillis(50)));

		watcher.start();
		assertThat(pluginsDir).isDirectory();
		assertThat(watcherThreadAlive()).isTrue();
		TestPluginJars.drop(pluginsDir, "late.jar", TestPluginJars.toolPlugin("late", "1.0", "late_tool", "x"));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (host.tools().isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(host.tools()).extracting(RegisteredTool::name).containsExactly("late_tool");

		watcher.stop();
		assertThat(watcherThreadAlive()).isFalse();
		assertThat(host.tools()).isEmpty();
	}
}
