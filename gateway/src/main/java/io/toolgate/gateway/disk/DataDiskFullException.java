package io.toolgate.gateway.disk;

/**
 * A write refused because the data disk is (nearly) full: below {@code toolgate.data-disk.min-free}, or a write that
 * failed with "no space left" (ENOSPC, SQLITE_FULL, PostgreSQL's disk_full). The web layer answers it with 507.
 */
public class DataDiskFullException extends RuntimeException {

	public DataDiskFullException(String message, Throwable cause) {
		super(message, cause);
	}
}
