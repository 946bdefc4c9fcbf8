package io.toolgate.gateway.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.util.unit.DataSize;

import io.toolgate.gateway.metrics.GatewayMetrics;
import io.toolgate.gateway.metrics.MetricsProperties;
import io.toolgate.gateway.tools.ToolCaller;
import io.toolgate.gateway.tools.ToolProperties;
import io.toolgate.plugin.api.Sandbox;

/**
 * A sandbox service on the real Docker engine of this machine, without Spring, for tests. Docker and the image
 * (ops/sandbox/build.sh) are required: their absence fails the tests, as CI must not skip them.
 */
final class TestSandbox implements AutoCloseable {

	static final String IMAGE = System.getProperty("toolgate.sandbox.image", "toolgate-sandbox:latest");

	final SandboxProperties properties;

	final SandboxService service;

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final DockerEngine engine;

	TestSandbox(Path dataDir, Settings settings) {
		this.properties = new SandboxProperties(true, settings.dockerHost, IMAGE, settings.persist, "",
				DataSize.ofMegabytes(settings.memoryMb), settings.cpus, settings.pids, DataSize.ofMegabytes(16), true,
				"bridge", Duration.ofSeconds(30), settings.outputLimit, settings.idleStop, Duration.ofSeconds(20), false,
				settings.workspaceQuota, settings.minFreeDisk, settings.limitCheckInterval,
				settings.cpuSaturationPeriod, settings.cpuCheckInterval, 0);
		this.engine = new DockerEngine(properties);
		this.service = new SandboxService(properties, engine, TestSandbox.workspaces(dataDir),
				new GatewayMetrics(registry, new MetricsProperties(false)), Clock.systemUTC());
	}

	/** Knobs the tests turn; the rest are the defaults of application.yml, smaller where a test needs it. */
	static final class Settings {

		String dockerHost = "";

		boolean persist = true;

		long memoryMb = 256;

		long pids = 128;

		int outputLimit = 10_000;

		Duration idleStop = Duration.ofMinutes(15);

		double cpus = 1.0;

		DataSize workspaceQuota = DataSize.ofGigabytes(1);

		DataSize minFreeDisk = DataSize.ofMegabytes(512);

		Duration limitCheckInterval = Duration.ofMillis(500);

		Duration cpuSaturationPeriod = Duration.ofMinutes(1);

		Duration cpuCheckInterval = Duration.ofSeconds(10);
	}

	/** The sandbox's directories under a test data directory, files laid out by the files package. */
	static SandboxWorkspaces workspaces(Path dataDir) {
		io.toolgate.gateway.GatewayProperties gateway = new io.toolgate.gateway.GatewayProperties(dataDir, null, null);
		return new SandboxWorkspaces(gateway, new io.toolgate.gateway.files.FileStorage(gateway), "");
	}

	Sandbox forUser(String user, String session) {
		return service.sandboxFor(new ToolCaller("turn-" + user, user, user, session, null), "terminal",
				ToolProperties.ToolSettings.NONE);
	}

	/** The sandbox of a tool whose settings allow background processes. */
	Sandbox forUserWithBackground(String user) {
		return service.sandboxFor(new ToolCaller("turn-" + user, user, user, null, null), "server",
				new ToolProperties.ToolSettings(null, null, Map.of(), false, true));
	}

	/** The id of the running container of a user's (persistent, no network) sandbox. */
	String containerId(String user) {
		return engine.control()
			.listContainersCmd()
			.withLabelFilter(Map.of(SandboxContainers.LABEL_HOME, service.containers().home(),
					SandboxContainers.LABEL_USER, user, SandboxContainers.LABEL_NETWORK, "false"))
			.exec()
			.stream()
			.map(c -> c.getId())
			.findFirst()
			.orElse(null);
	}

	static Sandbox.ExecRequest sh(String script, Duration timeout) {
		return new Sandbox.ExecRequest(List.of("sh", "-c", script), "", timeout, Map.of(), null);
	}

	/** Removes every container this gateway home created, whatever state the test left. */
	void removeAll() {
		engine.control()
			.listContainersCmd()
			.withShowAll(true)
			.withLabelFilter(Map.of(SandboxContainers.LABEL_HOME, service.containers().home()))
			.exec()
			.forEach(c -> engine.control().removeContainerCmd(c.getId()).withForce(true).exec());
	}

	long containerCount() {
		return engine.control()
			.listContainersCmd()
			.withShowAll(true)
			.withLabelFilter(Map.of(SandboxContainers.LABEL_HOME, service.containers().home()))
			.exec()
			.size();
	}

	DockerEngine engine() {
		return engine;
	}

	@Override
	public void close() throws Exception {
		service.destroy();
		engine.destroy();
	}
}
