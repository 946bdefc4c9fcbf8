package io.toolgate.gateway.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import io.toolgate.gateway.HealthzNote;
import io.toolgate.gateway.identity.UserDisabled;
import io.toolgate.gateway.metrics.GatewayMetrics;
import io.toolgate.gateway.tools.HostServices;
import io.toolgate.gateway.tools.ToolCaller;
import io.toolgate.gateway.tools.ToolProperties;
import io.toolgate.plugin.api.Sandbox;

/**
 * The sandbox host service: gives each tool call the container of its user (or user and session), and runs the
 * sandbox's housekeeping on its own thread: adopting or removing a previous run's containers at start-up,
 * stopping idle ones, removing a disabled user's, and watching whether the engine can serve at all (for
 * {@code /healthz} and the {@code sandbox} health component). An unreachable engine affects sandboxed tools only.
 */
public class SandboxService implements HostServices.SandboxProvider, HealthzNote, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SandboxService.class);

	/** How long files copied out of containers stay staged (they are stored as the user's files well before). */
	private static final Duration STAGING_AGE = Duration.ofHours(1);

	private final SandboxProperties properties;

	private final SandboxContainers containers;

	private final SandboxExecutor executor;

	private final DockerEngine engine;

	private final SandboxCopier copier;

	private final CpuSaturationWatch cpuWatch;

	/** Its own thread: stats calls take a second or more each, and must not delay the housekeeping. */
	private final ScheduledExecutorService cpuWatching = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "sandbox-cpu-watch");
		thread.setDaemon(true);
		return thread;
	});

	private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "sandbox-housekeeping");
		thread.setDaemon(true);
		return thread;
	});

	/** Null while the engine serves; otherwise why it cannot. */
	private volatile String problem = "not checked yet";

	public SandboxService(SandboxProperties properties, DockerEngine engine, SandboxWorkspaces workspaces,
			GatewayMetrics metrics, Clock clock) {
		this.properties = properties;
		this.engine = engine;
		this.containers = new SandboxContainers(engine, properties, workspaces, metrics, clock);
		WorkspaceLimits limits = new WorkspaceLimits(workspaces, properties);
		this.executor = new SandboxExecutor(engine, containers, properties, metrics, workspaces, limits);
		this.copier = new SandboxCopier(engine, containers, workspaces.staging(), clock, limits);
		this.cpuWatch = new CpuSaturationWatch(engine, containers, properties, clock);
	}

	@Override
	public Sandbox sandboxFor(ToolCaller caller, String tool, ToolProperties.ToolSettings settings) {
		String session = "";
		if (!properties.persistVms()) {
			session = caller.sessionId() != null ? caller.sessionId() : "turn:" + caller.turnId();
		}
		ContainerKey key = new ContainerKey(caller.userId(), session, settings.sandboxNetwork());
		return new GuardedSandbox(new DockerSandbox(executor, copier, key, settings.sandboxBackground()), this);
	}

	/** Starts the housekeeping once the gateway serves (Docker being slow must not delay start-up). */
	@EventListener(ApplicationReadyEvent.class)
	public void start() {
		housekeeping.execute(() -> {
			if (checkNow()) {
				try {
					int[] counts = containers.adoptOrClean();
					if (counts[0] + counts[1] > 0) {
						log.info("sandbox: adopted {} and removed {} containers left by a previous run", counts[0],
								counts[1]);
					}
				}
				catch (RuntimeException e) {
					log.warn("sandbox: could not look for containers of a previous run: {}",
							SandboxContainers.rootMessage(e));
				}
			}
		});
		long every = Math.max(1_000, Math.min(properties.idleStop().toMillis() / 2, 60_000));
		housekeeping.scheduleWithFixedDelay(this::housekeep, every, every, TimeUnit.MILLISECONDS);
		long cpuEvery = properties.cpuCheckInterval().toMillis();
		cpuWatching.scheduleWithFixedDelay(this::watchCpu, cpuEvery, cpuEvery, TimeUnit.MILLISECONDS);
	}

	private void watchCpu() {
		try {
			if (problem == null) {
				cpuWatch.check();
			}
		}
		catch (RuntimeException e) {
			log.warn("sandbox CPU watch failed: {}", SandboxContainers.rootMessage(e));
		}
	}

	private void housekeep() {
		try {
			copier.removeStale(STAGING_AGE);
			if (checkNow()) {
				containers.stopIdle();
			}
		}
		catch (java.io.IOException | RuntimeException e) {
			log.warn("sandbox housekeeping failed: {}", SandboxContainers.rootMessage(e));
		}
	}

	/** Asks the engine whether it can run the sandbox now, and remembers the answer. */
	boolean checkNow() {
		try {
			containers.check();
			if (problem != null) {
				log.info("sandbox: Docker engine at {} is available with image {}", engine.host(), properties.image());
			}
			problem = null;
			return true;
		}
		catch (RuntimeException e) {
			String now = e instanceof SandboxUnavailableException ? e.getMessage()
					: "the Docker engine at " + engine.host() + " is unreachable (" + SandboxContainers.rootMessage(e) + ")";
			if (!now.equals(problem)) {
				log.warn("sandbox unavailable: {}; sandboxed tools report this error until it is fixed", now);
			}
			problem = now;
			return false;
		}
	}

	/** Called when a command could not run: the engine's state is checked again right away. */
	void reportFailure(RuntimeException e) {
		housekeeping.execute(this::checkNow);
	}

	/** Null while the sandbox can serve; otherwise why not. */
	public String problem() {
		return problem;
	}

	@EventListener
	public void userDisabled(UserDisabled event) {
		housekeeping.execute(() -> {
			try {
				int removed = containers.removeUser(event.userId());
				if (removed > 0) {
					log.info("sandbox: removed {} containers of disabled user {}", removed, event.userId());
				}
			}
			catch (RuntimeException e) {
				log.warn("sandbox: could not remove the containers of user {}: {}", event.userId(),
						SandboxContainers.rootMessage(e));
			}
		});
	}

	@Override
	public String name() {
		return "sandbox";
	}

	@Override
	public String note() {
		String now = problem;
		return now == null ? "ok" : "unavailable: " + now;
	}

	@Override
	public java.nio.file.Path staging() {
		return copier.staging();
	}

	SandboxContainers containers() {
		return containers;
	}

	CpuSaturationWatch cpuWatch() {
		return cpuWatch;
	}

	@Override
	public void destroy() throws InterruptedException {
		housekeeping.shutdownNow();
		cpuWatching.shutdownNow();
		housekeeping.awaitTermination(5, TimeUnit.SECONDS);
		cpuWatching.awaitTermination(5, TimeUnit.SECONDS);
		try {
			containers.shutdown();
		}
		catch (RuntimeException e) {
			log.warn("sandbox: could not stop containers on shutdown: {}", SandboxContainers.rootMessage(e));
		}
	}
}
