package io.toolgate.gateway.disk;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import io.toolgate.gateway.GatewayProperties;

/**
 * Watches the free space of the disk that holds {@code toolgate.data-dir} (the database, uploads, artifacts,
 * vectors) against {@code toolgate.data-disk.min-free}. Below the floor, readiness ({@code /actuator/health},
 * component {@code dataDisk}) is down (503) while liveness ({@code /healthz}) stays up, and requests that write are
 * refused with 507 before they start, so a full disk never shows as a stream of 500s with the gateway "UP".
 *
 * <p>The space is measured on a background thread every {@code check-interval} (a {@code statvfs}: file system
 * work, kept off the event loop); request paths read the last measurement.
 */
@Component("dataDisk")
public class DataDiskGuard implements ReactiveHealthIndicator, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DataDiskGuard.class);

	private final Path dataDir;

	private final long minFree;

	private final Scheduler scheduler = Schedulers.newSingle("data-disk");

	private final Disposable measuring;

	private volatile long usable = Long.MAX_VALUE;

	private volatile boolean reportedLow;

	public DataDiskGuard(GatewayProperties gateway, DataDiskProperties properties) {
		this.dataDir = gateway.dataDir().toAbsolutePath().normalize();
		this.minFree = properties.minFree().toBytes();
		measure();
		this.measuring = Flux.interval(properties.checkInterval(), properties.checkInterval(), scheduler)
			.subscribe(tick -> measure());
	}

	/** Usable bytes on the data disk at the last measurement. */
	public long usableBytes() {
		return usable;
	}

	/** Whether the data disk has less free space than the floor (never, with a floor of 0). */
	public boolean belowFloor() {
		return minFree > 0 && usable < minFree;
	}

	/** Why writes are refused now, for the client (names the cause and the setting, not the server's paths). */
	public String refusal() {
		return "The gateway's data disk is nearly full: " + describe(usable) + " free, below the floor of "
				+ describe(minFree) + " (toolgate.data-disk.min-free). Writes are refused until space is freed; "
				+ "reads and deletes still work.";
	}

	/** Measures now (on the calling thread: use from background threads and health checks only). */
	public void measure() {
		try {
			FileStore store = Files.getFileStore(dataDir);
			usable = store.getUsableSpace();
		}
		catch (IOException | RuntimeException e) {
			log.warn("cannot measure the free space of the data directory: {}", e.toString());
			return;
		}
		boolean low = belowFloor();
		if (low != reportedLow) {
			reportedLow = low;
			if (low) {
				log.error("data disk below its floor: {} free, toolgate.data-disk.min-free is {}; readiness is down and "
						+ "writes are refused", describe(usable), describe(minFree));
			}
			else {
				log.info("data disk above its floor again: {} free", describe(usable));
			}
		}
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromCallable(() -> {
			measure(); // a fresh figure for the probe, measured on the guard's own thread, off the event loop
			Health.Builder health = belowFloor() ? Health.down().withDetail("reason", "free space below the floor")
					: Health.up();
			return health.withDetail("free", describe(usable)).withDetail("minFree", describe(minFree)).build();
		}).subscribeOn(scheduler);
	}

	@Override
	public void destroy() {
		measuring.dispose();
		scheduler.dispose();
	}

	private static String describe(long bytes) {
		if (bytes == Long.MAX_VALUE) {
			return "unknown";
		}
		return bytes >= 10L * 1024 * 1024 ? DataSize.ofBytes(bytes).toMegabytes() + " MB"
				: bytes >= 10L * 1024 ? DataSize.ofBytes(bytes).toKilobytes() + " KB" : bytes + " bytes";
	}
}
