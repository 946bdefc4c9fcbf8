package io.toolgate.gateway.knowledge;

import java.util.Map;

/**
 * A file added to a collection, and how its ingestion went.
 *
 * @param collectionId the collection
 * @param fileId the file's id in the user's files
 * @param filename the name passages cite
 * @param addedBy the user whose file it is
 * @param status {@code in_progress}, {@code completed}, {@code failed} or {@code cancelled}
 * @param usageBytes the file's size
 * @param chunks passages stored
 * @param chunkSize tokens per chunk
 * @param attributes up to 16 key-value pairs (strings, numbers, booleans) that search filters can test
 * @param errorCode why it failed ({@code unsupported_file}, {@code invalid_file}, {@code server_error})
 * @param errorMessage what went wrong
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 */
public record CollectionFile(String collectionId, String fileId, String filename, String addedBy, String status,
		long usageBytes, int chunks, int chunkSize, Map<String, Object> attributes, String errorCode,
		String errorMessage, long createdAt, long updatedAt) {

	public static final String IN_PROGRESS = "in_progress";

	public static final String COMPLETED = "completed";

	public static final String FAILED = "failed";

	public boolean inProgress() {
		return IN_PROGRESS.equals(status);
	}
}
