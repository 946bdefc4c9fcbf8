package io.toolgate.gateway.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The Docker sandbox that the terminal and python_coder tools run in ({@code toolgate.sandbox.*}).
 *
 * @param enabled whether tools are offered a sandbox at all
 * @param dockerHost the engine's address; empty means {@code DOCKER_HOST} or the local socket
 * @param image the image containers are created from (see ops/sandbox)
 * @param persistVms one container per user kept across sessions (true), or one per user and session (false)
 * @param user the uid:gid commands run as; empty means the gateway's own, or 1000:1000 when the gateway runs as root
 * @param memory memory limit per container (swap included)
 * @param cpus CPU limit per container
 * @param pidsLimit most processes per container
 * @param tmpSize size of the tmpfs at /tmp
 * @param init whether Docker's init reaps orphaned processes in the container
 * @param networkMode the Docker network of containers for tools allowed network access
 * @param defaultTimeout wall-clock limit of a command that names none
 * @param outputLimit characters kept of stdout and of stderr each
 * @param idleStop how long a container may stay unused before it is stopped (per-session ones are removed)
 * @param apiTimeout limit of each call to the Docker engine (commands themselves have their own timeouts)
 * @param removeOnShutdown remove (not only stop) this gateway's containers when it shuts down
 * @param workspaceQuota most bytes a user's workspace may hold; commands are refused while it holds more
 * @param minFreeDisk free space the data disk keeps: below it, the sandbox refuses to write (no command runs)
 * @param limitCheckInterval how often a running command's workspace size and the free disk space are checked
 * @param cpuSaturationPeriod how long a container's processes may keep all of its CPU busy while no command
 *        runs before the container is restarted
 * @param cpuCheckInterval how often the CPU use of running containers is sampled
 * @param execGidBase first of 65536 group ids, one per command, that tag a command's processes so exactly those
 *        can be killed (a process cannot change its group id)
 */
@ConfigurationProperties("toolgate.sandbox")
public record SandboxProperties(boolean enabled, String dockerHost, String image, boolean persistVms, String user,
		DataSize memory, double cpus, long pidsLimit, DataSize tmpSize, boolean init, String networkMode,
		Duration defaultTimeout, int outputLimit, Duration idleStop, Duration apiTimeout, boolean removeOnShutdown,
		DataSize workspaceQuota, DataSize minFreeDisk, Duration limitCheckInterval, Duration cpuSaturationPeriod,
		Duration cpuCheckInterval, long execGidBase) {

	/** Group ids handed out per command, starting at {@link #execGidBase}. */
	public static final int EXEC_GIDS = 65536;

	public SandboxProperties {
		dockerHost = dockerHost == null ? "" : dockerHost.trim();
		image = image == null || image.isBlank() ? "toolgate-sandbox:latest" : image;
		user = user == null ? "" : user.trim();
		memory = memory == null ? DataSize.ofMegabytes(512) : memory;
		cpus = cpus <= 0 ? 1.0 : cpus;
		pidsLimit = pidsLimit <= 0 ? 256 : pidsLimit;
		tmpSize = tmpSize == null ? DataSize.ofMegabytes(64) : tmpSize;
		networkMode = networkMode == null || networkMode.isBlank() ? "bridge" : networkMode;
		defaultTimeout = defaultTimeout == null ? Duration.ofSeconds(60) : defaultTimeout;
		outputLimit = outputLimit <= 0 ? 10_000 : outputLimit;
		idleStop = idleStop == null ? Duration.ofMinutes(15) : idleStop;
		apiTimeout = apiTimeout == null ? Duration.ofSeconds(30) : apiTimeout;
		workspaceQuota = workspaceQuota == null ? DataSize.ofGigabytes(1) : workspaceQuota;
		minFreeDisk = minFreeDisk == null ? DataSize.ofMegabytes(512) : minFreeDisk;
		limitCheckInterval = positive(limitCheckInterval, Duration.ofMillis(500));
		cpuSaturationPeriod = positive(cpuSaturationPeriod, Duration.ofMinutes(1));
		cpuCheckInterval = positive(cpuCheckInterval, Duration.ofSeconds(10));
		execGidBase = execGidBase <= 0 ? 1_900_001 : execGidBase;
		if (!user.isEmpty() && !user.matches("\\d+(:\\d+)?")) {
			throw new IllegalArgumentException("toolgate.sandbox.user must be a numeric uid or uid:gid (the image has"
					+ " no accounts to look names up in), not '" + user + "'");
		}
		if (!user.isEmpty()) {
			String[] ids = user.split(":");
			long gid = Long.parseLong(ids[ids.length - 1]);
			if (gid >= execGidBase && gid < execGidBase + EXEC_GIDS) {
				// Killing a command's processes by its group id would then kill the container's own.
				throw new IllegalArgumentException("the group of toolgate.sandbox.user (" + gid + ") must not be one of"
						+ " the command group ids from toolgate.sandbox.exec-gid-base (" + execGidBase + " to "
						+ (execGidBase + EXEC_GIDS - 1) + ")");
			}
		}
	}

	private static Duration positive(Duration value, Duration fallback) {
		return value == null || value.isZero() || value.isNegative() ? fallback : value;
	}

	/** The engine address to use: configured, then {@code DOCKER_HOST}, then the local socket. */
	public String resolvedDockerHost() {
		if (!dockerHost.isEmpty()) {
			return dockerHost;
		}
		String env = System.getenv("DOCKER_HOST");
		return env == null || env.isBlank() ? "unix:///var/run/docker.sock" : env;
	}
}
