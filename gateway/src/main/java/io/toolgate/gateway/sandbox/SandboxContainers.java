package io.toolgate.gateway.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.toolgate.gateway.metrics.GatewayMetrics;

/**
 * The sandbox containers of this gateway: created on first use, reused, stopped when idle, removed when their
 * user goes, and found again (adopted or removed) when the gateway restarts, so none is ever leaked.
 *
 * <p>Containers carry labels naming this gateway's home (a hash of its data directory), the user, the session
 * and a hash of the settings they were created with; a container whose settings no longer match is replaced.
 * All methods block on the Docker engine: they run on tool workers or the sandbox's own threads, never on an
 * event loop.
 */
public class SandboxContainers {

	private static final Logger log = LoggerFactory.getLogger(SandboxContainers.class);

	static final String LABEL = "io.toolgate.sandbox";

	static final String LABEL_HOME = "io.toolgate.sandbox.home";

	static final String LABEL_USER = "io.toolgate.sandbox.user";

	static final String LABEL_SESSION = "io.toolgate.sandbox.session";

	static final String LABEL_NETWORK = "io.toolgate.sandbox.network";

	static final String LABEL_SETTINGS = "io.toolgate.sandbox.settings";

	private final DockerEngine engine;

	private final SandboxProperties properties;

	private final SandboxWorkspaces workspaces;

	private final GatewayMetrics metrics;

	private final Clock clock;

	private final String home;

	private final Map<ContainerKey, Tracked> containers = new ConcurrentHashMap<>();

	/** One container this gateway knows: its id once created, whether it runs, when it was last used. */
	static final class Tracked {

		volatile String id;

		volatile boolean running;

		volatile long lastUsed;

		final AtomicInteger active = new AtomicInteger();

		/** Why the container was restarted behind its user's back, until the next command tells them. */
		final AtomicReference<String> notice = new AtomicReference<>();
	}

	public SandboxContainers(DockerEngine engine, SandboxProperties properties, SandboxWorkspaces workspaces,
			GatewayMetrics metrics, Clock clock) {
		this.engine = engine;
		this.properties = properties;
		this.workspaces = workspaces;
		this.metrics = metrics;
		this.clock = clock;
		this.home = ContainerKey.shortHash(workspaces.root().toAbsolutePath().normalize().toString());
		metrics.sandboxContainers(() -> containers.values().stream().filter(t -> t.running).count());
	}

	/** This gateway's home label value. */
	String home() {
		return home;
	}

	/**
	 * The running container for {@code key}, created or started as needed; the caller must {@link #release} it.
	 * @throws SandboxUnavailableException when the engine cannot provide it
	 */
	String acquire(ContainerKey key) {
		Tracked tracked = containers.computeIfAbsent(key, k -> new Tracked());
		tracked.active.incrementAndGet();
		tracked.lastUsed = clock.millis();
		try {
			synchronized (tracked) {
				if (tracked.id == null || !tracked.running) {
					tracked.id = ensureRunning(key);
					tracked.running = true;
				}
				return tracked.id;
			}
		}
		catch (RuntimeException e) {
			tracked.active.decrementAndGet();
			throw e;
		}
	}

	/** How many commands hold the container of a key now. */
	int uses(ContainerKey key) {
		Tracked tracked = containers.get(key);
		return tracked == null ? 0 : tracked.active.get();
	}

	/** Starts (or recreates) the container of a key the caller already holds through {@link #acquire}. */
	String startHeld(ContainerKey key) {
		Tracked tracked = containers.computeIfAbsent(key, k -> new Tracked());
		synchronized (tracked) {
			if (tracked.id == null || !tracked.running) {
				tracked.id = ensureRunning(key);
				tracked.running = true;
			}
			return tracked.id;
		}
	}

	void release(ContainerKey key) {
		Tracked tracked = containers.get(key);
		if (tracked != null) {
			tracked.lastUsed = clock.millis();
			tracked.active.decrementAndGet();
		}
	}

	/** Forgets that a container runs (it was killed or vanished): the next use starts or recreates it. */
	void markStopped(ContainerKey key) {
		Tracked tracked = containers.get(key);
		if (tracked != null) {
			tracked.running = false;
		}
	}

	/** Kills a container whose processes could not be stopped otherwise; it restarts on next use. */
	void kill(ContainerKey key, String containerId) {
		markStopped(key);
		try {
			engine.control().killContainerCmd(containerId).exec();
		}
		catch (NotFoundException | ConflictException e) {
			// already gone or not running
		}
	}

	/**
	 * Kills a container whose processes must all go, and keeps the reason for the next command of its user, who
	 * would otherwise find their background processes and {@code /tmp} gone without a word.
	 */
	void restart(ContainerKey key, String containerId, String why) {
		Tracked tracked = containers.get(key);
		if (tracked != null) {
			tracked.notice.set(why);
		}
		kill(key, containerId);
	}

	/** The reason the container of a key was last restarted, once; null when it was not. */
	String takeNotice(ContainerKey key) {
		Tracked tracked = containers.get(key);
		return tracked == null ? null : tracked.notice.getAndSet(null);
	}

	/** Each container this gateway believes running, with its state (for the CPU watch). */
	void forEachRunning(BiConsumer<ContainerKey, Tracked> action) {
		containers.forEach((key, tracked) -> {
			if (tracked.running && tracked.id != null) {
				action.accept(key, tracked);
			}
		});
	}

	private String ensureRunning(ContainerKey key) {
		DockerClient docker = engine.control();
		String name = key.containerName(home);
		String settings = settingsHash(key);
		try {
			InspectContainerResponse existing = inspect(name);
			if (existing != null && !settings.equals(existing.getConfig().getLabels().get(LABEL_SETTINGS))) {
				log.info("sandbox container {} was created with other settings; replacing it", name);
				remove(existing.getId());
				existing = null;
			}
			long started = System.nanoTime();
			String id;
			boolean created = existing == null;
			if (created) {
				id = create(key, name, settings);
			}
			else {
				id = existing.getId();
				if (Boolean.TRUE.equals(existing.getState().getRunning())) {
					return id;
				}
			}
			try {
				docker.startContainerCmd(id).exec();
			}
			catch (NotModifiedException alreadyRunning) {
				// started by a concurrent caller of another gateway thread
			}
			metrics.sandboxStart(created ? "created" : "restarted", Duration.ofNanos(System.nanoTime() - started));
			return id;
		}
		catch (SandboxUnavailableException e) {
			throw e;
		}
		catch (NotFoundException e) {
			throw new SandboxUnavailableException("the sandbox image '" + properties.image()
					+ "' is not on the Docker engine at " + engine.host() + " (build it with ops/sandbox/build.sh)", e);
		}
		catch (RuntimeException e) {
			throw new SandboxUnavailableException("the Docker engine at " + engine.host() + " cannot run the sandbox: "
					+ rootMessage(e), e);
		}
	}

	private String create(ContainerKey key, String name, String settings) {
		Path workspace = workspaces.workspace(key.userId());
		Path files = workspaces.files(key.userId());
		HostConfig host = HostConfig.newHostConfig()
			.withNetworkMode(key.network() ? properties.networkMode() : "none")
			.withMemory(properties.memory().toBytes())
			.withMemorySwap(properties.memory().toBytes())
			.withNanoCPUs((long) (properties.cpus() * 1_000_000_000L))
			.withPidsLimit(properties.pidsLimit())
			.withCapDrop(Capability.ALL)
			.withSecurityOpts(List.of("no-new-privileges"))
			.withReadonlyRootfs(true)
			.withInit(properties.init())
			.withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + properties.tmpSize().toBytes()))
			.withBinds(new Bind(workspace.toString(), new Volume("/workspace")),
					new Bind(files.toString(), new Volume("/data"), AccessMode.ro));
		try {
			return engine.control()
				.createContainerCmd(properties.image())
				.withName(name)
				.withUser(workspaces.user())
				.withWorkingDir("/workspace")
				.withEnv("HOME=/workspace", "MPLCONFIGDIR=/tmp/matplotlib", "MPLBACKEND=Agg", "LANG=C.UTF-8",
						// The sandbox uid has no passwd entry: name it for programs that ask (getpass, git).
						"USER=sandbox", "LOGNAME=sandbox")
				.withCmd("sleep", "infinity")
				.withLabels(Map.of(LABEL, "true", LABEL_HOME, home, LABEL_USER, key.userId(), LABEL_SESSION,
						key.sessionId(), LABEL_NETWORK, Boolean.toString(key.network()), LABEL_SETTINGS, settings))
				.withHostConfig(host)
				.exec()
				.getId();
		}
		catch (ConflictException nameTaken) {
			// Created meanwhile by another gateway thread (another key object for the same name cannot exist
			// here, but a previous run's container being removed can still hold the name): use it.
			InspectContainerResponse existing = inspect(name);
			if (existing == null) {
				throw nameTaken;
			}
			return existing.getId();
		}
	}

	/** What a container's settings must match for it to be reused. */
	private String settingsHash(ContainerKey key) {
		return ContainerKey.shortHash(String.join("|", properties.image(), workspaces.user(),
				Long.toString(properties.memory().toBytes()), Double.toString(properties.cpus()),
				Long.toString(properties.pidsLimit()), Long.toString(properties.tmpSize().toBytes()),
				Boolean.toString(properties.init()), key.network() ? properties.networkMode() : "none",
				workspaces.workspace(key.userId()).toString(), workspaces.files(key.userId()).toString()));
	}

	private InspectContainerResponse inspect(String nameOrId) {
		try {
			return engine.control().inspectContainerCmd(nameOrId).exec();
		}
		catch (NotFoundException e) {
			return null;
		}
	}

	private void remove(String id) {
		try {
			engine.control().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
		}
		catch (NotFoundException e) {
			// already gone
		}
	}

	/**
	 * At start-up: containers a previous run of this gateway left are adopted when they can serve again
	 * (persistent mode, same settings) and removed otherwise.
	 * @return how many were adopted and removed
	 */
	int[] adoptOrClean() {
		int adopted = 0;
		int removed = 0;
		for (Container container : ours()) {
			Map<String, String> labels = container.getLabels();
			ContainerKey key = new ContainerKey(labels.get(LABEL_USER), labels.get(LABEL_SESSION),
					Boolean.parseBoolean(labels.get(LABEL_NETWORK)));
			boolean reusable = properties.persistVms() && key.sessionId().isEmpty()
					&& settingsHash(key).equals(labels.get(LABEL_SETTINGS));
			if (reusable) {
				Tracked tracked = containers.computeIfAbsent(key, k -> new Tracked());
				tracked.id = container.getId();
				tracked.running = "running".equals(container.getState());
				tracked.lastUsed = clock.millis();
				adopted++;
			}
			else {
				remove(container.getId());
				removed++;
			}
		}
		return new int[] { adopted, removed };
	}

	private List<Container> ours() {
		return engine.control()
			.listContainersCmd()
			.withShowAll(true)
			.withLabelFilter(Map.of(LABEL_HOME, home))
			.exec();
	}

	/** Stops persistent containers idle for longer than {@code idle-stop}, and removes idle per-session ones. */
	void stopIdle() {
		long now = clock.millis();
		for (Map.Entry<ContainerKey, Tracked> entry : containers.entrySet()) {
			Tracked tracked = entry.getValue();
			if (tracked.active.get() > 0 || now - tracked.lastUsed < properties.idleStop().toMillis()) {
				continue;
			}
			synchronized (tracked) {
				if (tracked.active.get() > 0 || tracked.id == null) {
					continue;
				}
				try {
					if (entry.getKey().sessionId().isEmpty()) {
						if (tracked.running) {
							stop(tracked.id);
							tracked.running = false;
							log.debug("stopped idle sandbox container {}", tracked.id);
						}
					}
					else {
						remove(tracked.id);
						containers.remove(entry.getKey(), tracked);
						tracked.id = null;
						tracked.running = false;
					}
				}
				catch (RuntimeException e) {
					log.warn("could not stop idle sandbox container {}: {}", tracked.id, rootMessage(e));
				}
			}
		}
	}

	private void stop(String id) {
		try {
			// sleep (PID 1) ignores SIGTERM; waiting for it would only delay the kill.
			engine.control().stopContainerCmd(id).withTimeout(0).exec();
		}
		catch (NotFoundException | NotModifiedException e) {
			// gone or already stopped
		}
	}

	/** Removes every container of a user (their account was disabled). */
	int removeUser(String userId) {
		int removed = 0;
		for (Container container : ours()) {
			if (userId.equals(container.getLabels().get(LABEL_USER))) {
				remove(container.getId());
				removed++;
			}
		}
		containers.keySet().removeIf(key -> key.userId().equals(userId));
		return removed;
	}

	/**
	 * On shutdown: stops what runs and removes per-session containers (they would never be used again), or
	 * removes all with {@code remove-on-shutdown}.
	 */
	void shutdown() {
		List<String> failed = new ArrayList<>();
		for (Map.Entry<ContainerKey, Tracked> entry : containers.entrySet()) {
			Tracked tracked = entry.getValue();
			if (tracked.id == null) {
				continue;
			}
			try {
				if (entry.getKey().sessionId().isEmpty() && !properties.removeOnShutdown()) {
					if (tracked.running) {
						stop(tracked.id);
					}
				}
				else {
					remove(tracked.id);
				}
				tracked.running = false;
			}
			catch (RuntimeException e) {
				failed.add(tracked.id);
			}
		}
		if (!failed.isEmpty()) {
			log.warn("could not stop sandbox containers {}; they are adopted or removed at the next start", failed);
		}
	}

	/** Whether the sandbox could start a container now: the engine answers and has the image. */
	void check() {
		DockerClient docker = engine.control();
		docker.pingCmd().exec();
		try {
			docker.inspectImageCmd(properties.image()).exec();
		}
		catch (NotFoundException e) {
			throw new SandboxUnavailableException("the sandbox image '" + properties.image()
					+ "' is not on the Docker engine at " + engine.host() + " (build it with ops/sandbox/build.sh)", e);
		}
	}

	static String rootMessage(Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().trim();
		return message.length() > 300 ? message.substring(0, 300) + "…" : message;
	}
}
