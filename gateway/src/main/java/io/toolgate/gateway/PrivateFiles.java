package io.toolgate.gateway;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the gateway's own files and directories readable by the gateway's user only (0600 and 0700), whatever the
 * process's umask: the data directory holds the database, keys, uploads and vectors of every user. On file systems
 * without POSIX permissions, it creates them plainly.
 */
public final class PrivateFiles {

	public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

	public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private PrivateFiles() {
	}

	/** {@link Files#createDirectories} with every directory it creates 0700. */
	public static Path createDirectories(Path dir) throws IOException {
		return POSIX ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY))
				: Files.createDirectories(dir);
	}

	/** A new, empty file, 0600 (fails if it exists). */
	public static Path createFile(Path file) throws IOException {
		return POSIX ? Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE)) : Files.createFile(file);
	}

	/** The attributes to create a file with, for {@code Files.newByteChannel} and the like. */
	public static FileAttribute<?>[] fileAttributes() {
		return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(FILE) } : new FileAttribute<?>[0];
	}

	/** Makes an existing file or directory (not following links) the owner's only; a missing one is fine. */
	public static void restrict(Path path) throws IOException {
		if (!POSIX || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
				|| Files.isSymbolicLink(path)) {
			return;
		}
		Set<PosixFilePermission> wanted = Files.isDirectory(path) ? DIRECTORY : FILE;
		if (!Files.getPosixFilePermissions(path).equals(wanted)) {
			Files.setPosixFilePermissions(path, wanted);
		}
	}
}
