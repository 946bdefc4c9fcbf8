package io.toolgate.gateway.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.toolgate.gateway.GatewayProperties;
import io.toolgate.gateway.files.FileStorage;

/**
 * The host directories a user's container mounts: the workspace ({@code <data-dir>/workspaces/<user>}, the same
 * directory tools get as {@code ToolContext.workspace()}) read-write at {@code /workspace}, and the user's files
 * ({@code <data-dir>/files/<user>}) read-only at {@code /data}; and the uid:gid commands run as, which must be
 * able to write the workspace.
 */
public class SandboxWorkspaces {

	/**
	 * The uid:gid used when the gateway itself runs as root: never root, and far above the ids of host accounts
	 * (1000 is the first user of most hosts, who would then own every user's workspace) and of the usual
	 * subordinate-id ranges of rootless containers (100000 + 65536 per user), yet below 2097151, the largest id
	 * a plain tar header (the engine's archive API) can carry.
	 */
	static final String ROOT_FALLBACK_USER = "1900000:1900000";

	private final Path root;

	private final FileStorage files;

	private final Path staging;

	private final String user;

	private final boolean chown;

	public SandboxWorkspaces(GatewayProperties gateway, FileStorage files, String configuredUser) {
		Path dataDir = gateway.dataDir();
		this.files = files;
		this.root = gateway.workspaces().toAbsolutePath().normalize();
		this.staging = dataDir.resolve("staging").toAbsolutePath().normalize();
		try {
			Files.createDirectories(root);
			int uid = (Integer) Files.getAttribute(root, "unix:uid");
			int gid = (Integer) Files.getAttribute(root, "unix:gid");
			if (!configuredUser.isEmpty()) {
				this.user = configuredUser;
			}
			else {
				this.user = uid == 0 ? ROOT_FALLBACK_USER : uid + ":" + gid;
			}
			// Only root can give a directory away; a non-root gateway runs commands as itself instead.
			this.chown = uid == 0 && !this.user.startsWith("0:") && !this.user.equals("0");
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot prepare the sandbox directories under " + dataDir, e);
		}
	}

	/** Where files copied out of containers land; never mounted into one. */
	Path staging() {
		return staging;
	}

	Path root() {
		return root;
	}

	String user() {
		return user;
	}

	/** The user's workspace, created (and owned by the sandbox user) if missing. */
	Path workspace(String userId) {
		Path dir = root.resolve(safe(userId));
		try {
			if (!Files.isDirectory(dir)) {
				Files.createDirectories(dir);
			}
			if (chown && (Integer) Files.getAttribute(dir, "unix:uid") != uid()) {
				Files.setAttribute(dir, "unix:uid", uid());
				Files.setAttribute(dir, "unix:gid", gid());
			}
			return dir;
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot prepare the workspace " + dir, e);
		}
	}

	/** The user's files directory, as the files package lays it out (mounted read-only). */
	Path files(String userId) {
		return files.userDirectory(userId);
	}

	/**
	 * Writes a command's standard input as a new file directly in the user's workspace (readable by the sandbox
	 * user). The name is new and created exclusively, so a link the container planted cannot redirect the write.
	 */
	Path writeInput(String userId, String marker, String content) throws IOException {
		Path file = workspace(userId).resolve(".toolgate-stdin-" + marker);
		Files.writeString(file, content, java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
				java.nio.file.StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
		if (chown) {
			Files.setAttribute(file, "unix:uid", uid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
			Files.setAttribute(file, "unix:gid", gid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
		}
		return file;
	}

	int uid() {
		return Integer.parseInt(user.split(":")[0]);
	}

	int gid() {
		String[] parts = user.split(":");
		return Integer.parseInt(parts.length > 1 ? parts[1] : parts[0]);
	}

	private static String safe(String userId) {
		if (userId == null || userId.isEmpty() || userId.contains("/") || userId.contains("\\") || userId.startsWith(".")) {
			throw new IllegalArgumentException("not a user id: " + userId);
		}
		return userId;
	}
}
