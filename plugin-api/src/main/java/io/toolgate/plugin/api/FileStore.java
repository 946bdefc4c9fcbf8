package io.toolgate.plugin.api;

import java.nio.file.Path;
import java.util.Optional;

/** The calling user's files (uploads and artifacts), referenced by id. */
public interface FileStore {

	/**
	 * Stores a copy of a file for the user (as with artifacts, the user can then download it).
	 * @param name the name the user sees
	 * @param mediaType its media type, used when the gateway cannot tell it from the bytes
	 * @param source the file to copy; it must be inside the call's workspace ({@link ToolContext#workspace()})
	 * @return the stored file
	 * @throws Exception when it cannot be stored (outside the workspace, too large, ...)
	 */
	StoredFile save(String name, String mediaType, Path source) throws Exception;

	/**
	 * A readable path of one of the user's files.
	 * @param fileId the file's id
	 * @return its path, or empty when the user has no such file
	 */
	Optional<Path> open(String fileId);

	/**
	 * A stored file.
	 *
	 * @param id its id
	 * @param name the name the user sees
	 * @param mediaType its media type
	 * @param size its size in bytes
	 */
	record StoredFile(String id, String name, String mediaType, long size) {
	}
}
