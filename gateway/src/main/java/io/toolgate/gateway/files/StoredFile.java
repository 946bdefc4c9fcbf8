package io.toolgate.gateway.files;

/**
 * A user's file as recorded in the database. Its bytes are at
 * {@code <data-dir>/files/<userId>/<id>/<storedName>} ({@link FileStorage#contentPath(StoredFile)}).
 *
 * @param id {@code file-...}
 * @param userId its owner
 * @param filename the name the client gave it (shown in the API)
 * @param storedName the safe name on disk (and in the sandbox: {@code /data/<id>/<storedName>})
 * @param purpose OpenAI's purpose ({@code assistants_output} for tool artifacts)
 * @param mediaType the content type sniffed from its bytes
 * @param bytes its size
 * @param createdAt epoch milliseconds
 * @param expiresAt epoch milliseconds, or null for never
 */
public record StoredFile(String id, String userId, String filename, String storedName, String purpose,
		String mediaType, long bytes, long createdAt, Long expiresAt) {

	/** Purpose of files that tools produced. */
	public static final String ARTIFACT_PURPOSE = "assistants_output";

	/** Purpose of files uploaded through the seed-compatible {@code POST /upload}. */
	public static final String SEED_UPLOAD_PURPOSE = "user_data";

	/** Where a client downloads it. */
	public String downloadPath() {
		return "/v1/files/" + id + "/content";
	}

	/** Its path inside the user's sandbox, which mounts the user's file directory at {@code /data}. */
	public String sandboxPath() {
		return "/data/" + id + "/" + storedName;
	}
}
