package io.toolgate.gateway.disk;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The floor of free space on the data directory's disk ({@code toolgate.data-disk.*}).
 *
 * @param minFree below this much usable space, readiness is down and requests that write are refused with 507;
 * 0 turns the floor off (disk-full errors are still answered 507)
 * @param checkInterval how often the free space is measured
 */
@ConfigurationProperties("toolgate.data-disk")
public record DataDiskProperties(DataSize minFree, Duration checkInterval) {

	public DataDiskProperties {
		minFree = minFree == null ? DataSize.ofMegabytes(512) : minFree;
		checkInterval = checkInterval == null ? Duration.ofSeconds(2) : checkInterval;
	}
}
