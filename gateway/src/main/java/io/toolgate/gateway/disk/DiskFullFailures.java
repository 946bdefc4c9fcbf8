package io.toolgate.gateway.disk;

import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Recognises a failure that means "the disk is full" anywhere in a cause chain: the operating system's ENOSPC ("No
 * space left on device"), its quota variant EDQUOT, SQLite's SQLITE_FULL (and SQLITE_IOERR_SHMSIZE, its WAL index
 * unable to grow), and PostgreSQL's {@code disk_full}
 * (SQLSTATE 53100). Such a failure is the operator's problem, not a bug: it is answered 507 and named, not 500.
 */
public final class DiskFullFailures {

	private static final int SQLITE_FULL = 13;

	/** A WAL index that cannot grow: what a connection opened on a full disk fails with. */
	private static final int SQLITE_IOERR_SHMSIZE = 4874;

	private DiskFullFailures() {
	}

	public static boolean isDiskFull(Throwable failure) {
		for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
			if (e instanceof DataDiskFullException) {
				return true;
			}
			if (e instanceof SQLException sql && ("53100".equals(sql.getSQLState()) || isSqlite(sql)
					&& ((sql.getErrorCode() & 0xff) == SQLITE_FULL || sql.getErrorCode() == SQLITE_IOERR_SHMSIZE))) {
				return true;
			}
			String message = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
					: e.getMessage();
			if (message != null && mentionsFullDisk(message)) {
				return true;
			}
		}
		return false;
	}

	/** Turns a disk-full failure into the exception the web layer answers 507; others stay as they are. */
	public static Throwable named(Throwable failure) {
		if (failure instanceof DataDiskFullException || !isDiskFull(failure)) {
			return failure;
		}
		return new DataDiskFullException("The gateway's data disk is full: the write failed for lack of space. "
				+ "Nothing was stored; try again once space has been freed.", failure);
	}

	private static boolean isSqlite(SQLException sql) {
		return sql.getClass().getName().startsWith("org.sqlite.");
	}

	private static boolean mentionsFullDisk(String message) {
		String text = message.toLowerCase(Locale.ROOT);
		return text.contains("no space left on device") || text.contains("sqlite_full")
				|| text.contains("database or disk is full") || text.contains("sqlite_ioerr_shmsize") || text.contains("disk quota exceeded")
				|| text.contains("could not extend file");
	}
}
