package io.toolgate.gateway.files;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import io.toolgate.gateway.openai.OpenAiException;

/** The OpenAI-shaped errors of the files capability. */
final class FileErrors {

	private FileErrors() {
	}

	/** A file the caller does not have: unknown, deleted, expired or another user's (indistinguishable). */
	static OpenAiException notFound(String id) {
		return new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error", "No such File object: " + id, "id",
				"not_found", null);
	}

	static OpenAiException tooLarge(DataSize limit, String param) {
		return new OpenAiException(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request_error",
				"The file is larger than the limit of " + describe(limit) + " (toolgate.files.max-size).", param,
				"file_too_large", null);
	}

	static OpenAiException fileCountQuota(int maxFiles) {
		return OpenAiException.invalidRequest("You have " + maxFiles + " files, the most one user may keep "
				+ "(toolgate.files.quota.max-files). Delete some to upload more.", "file", "file_count_quota_exceeded");
	}

	static OpenAiException byteQuota(DataSize maxBytes, long used) {
		return new OpenAiException(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request_error",
				"The file does not fit in your storage quota of " + describe(maxBytes)
						+ " (toolgate.files.quota.max-bytes): your files use " + describe(DataSize.ofBytes(used))
						+ ". Delete some to upload more.",
				"file", "storage_quota_exceeded", null);
	}

	static String describe(DataSize size) {
		long bytes = size.toBytes();
		if (bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + " MB";
		}
		if (bytes % 1024 == 0) {
			return (bytes / 1024) + " KB";
		}
		return bytes + " bytes";
	}
}
