package io.toolgate.gateway.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.github.dockerjava.api.exception.NotFoundException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.springframework.util.FileSystemUtils;

/**
 * Copies files out of a container through the engine's archive API, which resolves paths inside the container:
 * a link a command planted in the workspace can never make the gateway read one of its own files. Only regular
 * files are extracted, into a fresh directory under {@code <data-dir>/staging} that containers cannot reach,
 * within limits on count and size. Staging directories are removed after a while by the housekeeping.
 */
class SandboxCopier {

	static final int MAX_FILES = 200;

	static final long MAX_BYTES = 200L * 1024 * 1024;

	private final DockerEngine engine;

	private final SandboxContainers containers;

	private final Path staging;

	private final Clock clock;

	private final WorkspaceLimits limits;

	SandboxCopier(DockerEngine engine, SandboxContainers containers, Path staging, Clock clock, WorkspaceLimits limits) {
		this.limits = limits;
		this.engine = engine;
		this.containers = containers;
		this.staging = staging.toAbsolutePath().normalize();
		this.clock = clock;
	}

	Path staging() {
		return staging;
	}

	List<Path> copyOut(ContainerKey key, String path) throws IOException {
		String source = SandboxExecutor.containerWorkdir(path);
		// Staging is on the data disk: at most MAX_BYTES more once the floor is reached.
		limits.requireDiskFloor();
		String containerId = containers.acquire(key);
		try {
			Path target = Files.createDirectories(staging.resolve(UUID.randomUUID().toString()));
			List<Path> copied = new ArrayList<>();
			long total = 0;
			try (InputStream archive = engine.streams().copyArchiveFromContainerCmd(containerId, source).exec();
					TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
				TarArchiveEntry entry;
				String root = null;
				while ((entry = tar.getNextEntry()) != null) {
					String name = entry.getName();
					if (root == null) {
						// The archive's first entry is the copied file or directory itself.
						root = name.endsWith("/") ? name : null;
						if (root == null && isRegular(entry)) {
							total = extract(tar, entry, target.resolve(Path.of(name).getFileName().toString()), copied, total);
							continue;
						}
						if (root == null) {
							break;
						}
						continue;
					}
					if (!isRegular(entry) || !name.startsWith(root)) {
						continue;
					}
					Path destination = target.resolve(name.substring(root.length())).normalize();
					if (!destination.startsWith(target)) {
						continue;
					}
					total = extract(tar, entry, destination, copied, total);
				}
			}
			catch (NotFoundException e) {
				throw new IllegalArgumentException("no such file or directory in the workspace: " + source, e);
			}
			return copied;
		}
		finally {
			containers.release(key);
		}
	}

	/** A plain file: not a directory, link, device or fifo (isFile() alone also accepts links). */
	private static boolean isRegular(TarArchiveEntry entry) {
		byte flag = entry.getLinkFlag();
		return (flag == TarArchiveEntry.LF_NORMAL || flag == TarArchiveEntry.LF_OLDNORM) && !entry.getName().endsWith("/");
	}

	private static long extract(TarArchiveInputStream tar, TarArchiveEntry entry, Path destination, List<Path> copied,
			long total) throws IOException {
		if (copied.size() >= MAX_FILES) {
			throw new IllegalArgumentException("more than " + MAX_FILES + " files to copy out of the sandbox");
		}
		long size = total + entry.getSize();
		if (size > MAX_BYTES) {
			throw new IllegalArgumentException("more than " + MAX_BYTES / (1024 * 1024) + " MB to copy out of the sandbox");
		}
		Files.createDirectories(destination.getParent());
		Files.copy(tar, destination);
		copied.add(destination);
		return size;
	}

	/** Removes staging directories older than {@code age} (their files were stored or abandoned by then). */
	void removeStale(Duration age) throws IOException {
		if (!Files.isDirectory(staging)) {
			return;
		}
		long cutoff = clock.millis() - age.toMillis();
		try (Stream<Path> dirs = Files.list(staging)) {
			for (Path dir : dirs.toList()) {
				if (Files.getLastModifiedTime(dir).toMillis() < cutoff) {
					FileSystemUtils.deleteRecursively(dir);
				}
			}
		}
	}
}
