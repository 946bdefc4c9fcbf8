package io.toolgate.gateway.disk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system for disk-full tests: a tmpfs of a few MB mounted on a new directory (needs root, as the
 * test machines run), filled and freed with a real file.
 */
final class SmallDisk implements AutoCloseable {

	private final Path mountPoint;

	private SmallDisk(Path mountPoint) {
		this.mountPoint = mountPoint;
	}

	static SmallDisk mount(int megabytes) throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory("toolgate-small-disk-");
		run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0755", "tmpfs", dir.toString());
		return new SmallDisk(dir);
	}

	Path root() {
		return mountPoint;
	}

	long usable() throws IOException {
		return Files.getFileStore(mountPoint).getUsableSpace();
	}

	/** Writes a filler file until at most {@code leave} bytes are free (0: until the disk is full). */
	Path fill(String name, long leave) throws IOException {
		Path filler = mountPoint.resolve(name);
		byte[] block = new byte[64 * 1024];
		try (OutputStream out = Files.newOutputStream(filler)) {
			while (usable() > leave) {
				long room = usable() - leave;
				out.write(block, 0, (int) Math.min(block.length, Math.max(1, room)));
				out.flush();
			}
		}
		catch (IOException full) {
			if (leave > 0) {
				throw full;
			}
			// leave == 0: "No space left on device" is how filling it to the brim ends
		}
		return filler;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		// Lazy: a gateway of the cached test context may still hold its SQLite file open.
		run("umount", "-l", mountPoint.toString());
		Files.deleteIfExists(mountPoint);
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " failed: "
					+ new String(process.getInputStream().readAllBytes()));
		}
	}
}
