package io.toolgate.gateway.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a container whose processes keep all of its CPU busy while none of its user's commands runs: a fork
 * bomb or a runaway loop left in the background (by a tool that allows background processes) would otherwise
 * pin a CPU until the idle stop, which every new use postpones. The user's next command is told why.
 *
 * <p>Every {@code cpu-check-interval}, the engine's cumulative CPU time of each running container is sampled; an
 * interval counts as saturated when the container used at least {@value #SATURATED} of its {@code cpus} during
 * it. Saturated intervals in which no command ran add up; one below the mark starts the count anew, and one in
 * which a command ran neither adds nor resets (commands may use their CPU, and must not shield a bomb either).
 * At {@code cpu-saturation-period}, the container is restarted. Runs on its own thread, never on an event loop.
 */
final class CpuSaturationWatch {

	private static final Logger log = LoggerFactory.getLogger(CpuSaturationWatch.class);

	static final double SATURATED = 0.9;

	private final DockerEngine engine;

	private final SandboxContainers containers;

	private final SandboxProperties properties;

	private final Clock clock;

	/** The last sample per container id; only the watch's thread touches it. */
	private final Map<String, Sample> samples = new HashMap<>();

	/** Cumulative CPU time at a moment, and how long the container has been saturated without a command. */
	private record Sample(long cpuNanos, long atNanos, long atMillis, long saturatedNanos) {
	}

	CpuSaturationWatch(DockerEngine engine, SandboxContainers containers, SandboxProperties properties, Clock clock) {
		this.engine = engine;
		this.containers = containers;
		this.properties = properties;
		this.clock = clock;
	}

	void check() {
		Set<String> seen = new HashSet<>();
		containers.forEachRunning((key, tracked) -> {
			String id = tracked.id;
			seen.add(id);
			Long cpu = cpuNanos(id);
			long now = System.nanoTime();
			long nowMillis = clock.millis();
			Sample previous = samples.get(id);
			if (cpu == null) {
				samples.remove(id);
				return;
			}
			if (previous == null || cpu < previous.cpuNanos()) {
				// First sight, or the container was restarted meanwhile: start counting from here.
				samples.put(id, new Sample(cpu, now, nowMillis, 0));
				return;
			}
			long elapsed = now - previous.atNanos();
			double used = (cpu - previous.cpuNanos()) / (elapsed * properties.cpus());
			boolean commandRan = tracked.active.get() > 0 || tracked.lastUsed >= previous.atMillis();
			long saturated = used < SATURATED ? 0 : commandRan ? previous.saturatedNanos()
					: previous.saturatedNanos() + elapsed;
			if (saturated >= properties.cpuSaturationPeriod().toNanos() && tracked.active.get() == 0) {
				String why = "the sandbox container was restarted at "
						+ Instant.ofEpochMilli(nowMillis).truncatedTo(ChronoUnit.SECONDS) + " because its processes kept"
						+ " all of its CPU (" + properties.cpus() + " CPUs) busy for "
						+ Duration.ofNanos(saturated).toSeconds() + "s while no command ran (a runaway background"
						+ " process or fork bomb); everything running in it was stopped and /tmp emptied, /workspace is kept";
				log.warn("sandbox container {} of user {}: {}", id, key.userId(), why);
				containers.restart(key, id, why);
				samples.remove(id);
				return;
			}
			samples.put(id, new Sample(cpu, now, nowMillis, saturated));
		});
		samples.keySet().retainAll(seen);
	}

	/** The container's cumulative CPU time in nanoseconds, or null when the engine does not tell. */
	private Long cpuNanos(String containerId) {
		Statistics[] last = new Statistics[1];
		try (ResultCallback.Adapter<Statistics> stats = engine.control()
			.statsCmd(containerId)
			.withNoStream(true)
			.exec(new ResultCallback.Adapter<>() {
				@Override
				public void onNext(Statistics statistics) {
					last[0] = statistics;
				}
			})) {
			if (!stats.awaitCompletion(properties.apiTimeout().toMillis(), TimeUnit.MILLISECONDS) || last[0] == null
					|| last[0].getCpuStats() == null || last[0].getCpuStats().getCpuUsage() == null) {
				return null;
			}
			Long total = last[0].getCpuStats().getCpuUsage().getTotalUsage();
			return total == null || total == 0 ? null : total;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (java.io.IOException | RuntimeException e) {
			log.debug("no CPU statistics for sandbox container {}: {}", containerId, SandboxContainers.rootMessage(e));
			return null;
		}
	}
}
