package io.toolgate.gateway.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import io.toolgate.gateway.GatewayProperties;

/**
 * The bytes of users' files on disk. The layout is a contract with the sandbox, which mounts a user's
 * directory read-only at {@code /data}:
 * <pre>
 * &lt;data-dir&gt;/files/&lt;userId&gt;/&lt;fileId&gt;/&lt;safe file name&gt;   one file
 * &lt;data-dir&gt;/files/.incoming/                              uploads being received (same file system, so placing is a rename)
 * </pre>
 * Every method blocks (file system calls): callers run them off the event loop.
 */
@Component
public class FileStorage {

	private static final Logger log = LoggerFactory.getLogger(FileStorage.class);

	/** User and file ids become directory names: only these characters, never {@code .} or {@code ..}. */
	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	private final Path root;

	/**
	 * Whether files and directories are created 0600/0700. Not when the gateway runs as root: then sandboxed
	 * commands run as another, unprivileged user (see the sandbox package), who must read a user's files at
	 * {@code /data}; they stay 0644/0755, still unreachable to other local users inside the 0700 data directory.
	 */
	private final boolean ownerOnly = new com.sun.security.auth.module.UnixSystem().getUid() != 0;

	public FileStorage(GatewayProperties gateway) {
		this.root = gateway.dataDir().resolve("files").toAbsolutePath().normalize();
		clearIncoming();
	}

	private Path directories(Path dir) throws IOException {
		return ownerOnly ? io.toolgate.gateway.PrivateFiles.createDirectories(dir) : Files.createDirectories(dir);
	}

	/**
	 * The directory that holds all of a user's files (created if missing), as the sandbox mounts it at
	 * {@code /data}: a file's sandbox path is {@code /data/<fileId>/<safe file name>}.
	 * @throws IllegalArgumentException for an id that is not a plain directory name
	 */
	public Path userDirectory(String userId) {
		Path dir = root.resolve(checked(userId));
		try {
			return directories(dir);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot create the file directory " + dir, e);
		}
	}

	/** Where a stored file's bytes are. */
	public Path contentPath(StoredFile file) {
		return root.resolve(checked(file.userId())).resolve(checked(file.id())).resolve(file.storedName());
	}

	/** A new, empty file for bytes being received (write it without CREATE_NEW: it exists, with its mode). */
	Path newIncomingFile() throws IOException {
		Path file = directories(root.resolve(".incoming")).resolve(UUID.randomUUID() + ".part");
		return ownerOnly ? io.toolgate.gateway.PrivateFiles.createFile(file) : Files.createFile(file);
	}

	/** Moves received bytes to their place; returns the final path. */
	Path place(Path received, String userId, String fileId, SafeFileName name) throws IOException {
		Path dir = directories(root.resolve(checked(userId)).resolve(checked(fileId)));
		Path target = dir.resolve(name.value());
		try {
			return Files.move(received, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			return Files.move(received, target);
		}
	}

	/** Deletes a file's directory with everything in it; a missing one is fine. */
	void remove(String userId, String fileId) {
		Path dir = root.resolve(checked(userId)).resolve(checked(fileId));
		try {
			deleteTree(dir);
		}
		catch (IOException e) {
			log.warn("could not delete {}: {}", dir, e.toString());
		}
	}

	/** Deletes a path (file or directory tree), never following links out of it. */
	static void deleteTree(Path path) throws IOException {
		if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		Files.walkFileTree(path, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.deleteIfExists(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
				Files.deleteIfExists(dir);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	static void deleteQuietly(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException e) {
			log.warn("could not delete {}: {}", path, e.toString());
		}
	}

	/** Uploads cut short by a crash or shutdown leave partial files behind; nothing refers to them. */
	private void clearIncoming() {
		Path incoming = root.resolve(".incoming");
		try (DirectoryStream<Path> stale = Files.newDirectoryStream(incoming)) {
			for (Path path : stale) {
				deleteQuietly(path);
			}
		}
		catch (NoSuchFileException e) {
			// nothing was ever received
		}
		catch (IOException e) {
			log.warn("could not clear {}: {}", incoming, e.toString());
		}
	}

	private static String checked(String id) {
		if (id == null || !ID.matcher(id).matches()) {
			throw new IllegalArgumentException("not a valid id for a file path: " + id);
		}
		return id;
	}
}
