package io.toolgate.gateway.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * The disk limits of sandboxed commands: each user's workspace quota and the free space the data disk keeps.
 *
 * <p>Docker on overlay2 without xfs project quotas cannot limit a bind mount, so the limits are measured and
 * enforced: a command starts only while the workspace is under its quota and the disk above its floor; it runs
 * with RLIMIT_FSIZE set to what it may still write, so no single file of it goes past the quota; and while it
 * runs, the workspace and the disk are measured every {@code limit-check-interval}, and the command is killed
 * when either limit is crossed. One command can therefore pass the quota by at most what the disk writes in one
 * interval (and a measurement), in several files at once.
 */
final class WorkspaceLimits {

	/** Every file and directory counts at least one block, so that masses of empty files count too. */
	private static final long BLOCK = 4096;

	private final SandboxWorkspaces workspaces;

	private final long quota;

	private final long minFree;

	WorkspaceLimits(SandboxWorkspaces workspaces, SandboxProperties properties) {
		this.workspaces = workspaces;
		this.quota = properties.workspaceQuota().toBytes();
		this.minFree = properties.minFreeDisk().toBytes();
	}

	/**
	 * Whether a command of this user may start, and how many bytes it may write.
	 * @throws SandboxRefusedException when the workspace is at its quota or the disk under its floor
	 */
	long admit(String userId) {
		String breach = breach(userId);
		if (breach != null) {
			throw new SandboxRefusedException("The sandbox refuses to run commands: " + breach + ".");
		}
		long room = Math.min(quota - usage(userId), free() - minFree);
		return Math.max(room, 1);
	}

	/**
	 * For writes of the sandbox outside a command (files copied out into staging).
	 * @throws SandboxRefusedException when the data disk is under its floor
	 */
	void requireDiskFloor() {
		long free = free();
		if (free < minFree) {
			throw new SandboxRefusedException("The sandbox refuses to write: " + diskFloor(free) + ".");
		}
	}

	private String diskFloor(long free) {
		return "the server's data disk has only " + size(free) + " free, under the floor of " + size(minFree)
				+ " that the sandbox keeps (toolgate.sandbox.min-free-disk); an operator must free disk space";
	}

	/** Why commands of this user must stop writing now, or null while both limits hold. */
	String breach(String userId) {
		long free = free();
		if (free < minFree) {
			return diskFloor(free);
		}
		long used = usage(userId);
		if (used >= quota) {
			return "the workspace /workspace holds " + size(used) + ", at or over its quota of " + size(quota)
					+ " (toolgate.sandbox.workspace-quota); an operator must delete files from it or raise the quota";
		}
		return null;
	}

	/** Bytes the workspace holds: apparent sizes, each file and directory rounded up to whole 4 KiB blocks. */
	long usage(String userId) {
		long[] total = { 0 };
		try {
			Files.walkFileTree(workspaces.workspace(userId), new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
					total[0] += BLOCK;
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
					total[0] += Math.max(BLOCK, (attributes.size() + BLOCK - 1) / BLOCK * BLOCK);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException e) {
					// Deleted while walking (a command runs meanwhile): it no longer counts.
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot measure the workspace", e);
		}
		return total[0];
	}

	/** Bytes free for the gateway on the disk that holds the workspaces. */
	long free() {
		try {
			return Files.getFileStore(workspaces.root()).getUsableSpace();
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot measure the free space of the data disk", e);
		}
	}

	static String size(long bytes) {
		if (bytes < 1024 * 1024) {
			return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
		}
		if (bytes < 1024L * 1024 * 1024) {
			return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
		}
		return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
	}
}
