package io.toolgate.gateway.files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.toolgate.plugin.api.FileStore;

/**
 * One user's files as a tool sees them. Tools call it from their worker threads, where blocking is allowed,
 * so it waits for the reactive file service (with a timeout).
 */
class UserFileStore implements FileStore {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final String userId;

	private final Path workspace;

	private final FileService files;

	UserFileStore(String userId, Path workspace, FileService files) {
		this.userId = userId;
		this.workspace = workspace;
		this.files = files;
	}

	/** Copies a file from the call's workspace (and only from there) into the user's files. */
	@Override
	public StoredFile save(String name, String mediaType, Path source) throws Exception {
		Path admitted = ToolFileStores.admitted(source, List.of(workspace));
		io.toolgate.gateway.files.StoredFile file = files
			.copyIn(userId, admitted, name, mediaType, io.toolgate.gateway.files.StoredFile.ARTIFACT_PURPOSE)
			.block(TIMEOUT);
		if (file == null) {
			throw new IllegalStateException("the file could not be stored");
		}
		return new StoredFile(file.id(), file.filename(), file.mediaType(), file.bytes());
	}

	/** The path of one of the user's own files; empty for anyone else's, as for none. */
	@Override
	public Optional<Path> open(String fileId) {
		return Optional.ofNullable(files.find(userId, fileId).block(TIMEOUT)).map(files::contentPath);
	}
}
