package io.toolgate.gateway.files;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The bodies of the files endpoints, in OpenAI's shapes ({@code OpenAIFile}, {@code ListFilesResponse}, ...). */
public final class FileWire {

	private FileWire() {
	}

	/**
	 * OpenAI's {@code OpenAIFile}. {@code status} is always {@code processed}: a file is recorded only once its
	 * bytes are in place.
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record FileObject(String id, String object, long bytes, long createdAt, Long expiresAt, String filename,
			String purpose, String status) {

		public static FileObject of(StoredFile file) {
			return new FileObject(file.id(), "file", file.bytes(), file.createdAt() / 1000,
					file.expiresAt() == null ? null : file.expiresAt() / 1000, file.filename(), file.purpose(), "processed");
		}
	}

	/**
	 * OpenAI's {@code ListFilesResponse}. The spec requires {@code first_id} and {@code last_id} as strings, so an
	 * empty page has empty strings there.
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record FileList(String object, List<FileObject> data, String firstId, String lastId, boolean hasMore) {

		public static FileList of(FileService.Page page) {
			List<FileObject> data = page.files().stream().map(FileObject::of).toList();
			return new FileList("list", data, data.isEmpty() ? "" : data.get(0).id(),
					data.isEmpty() ? "" : data.get(data.size() - 1).id(), page.hasMore());
		}
	}

	/** OpenAI's {@code DeleteFileResponse}. */
	public record Deleted(String id, String object, boolean deleted) {
	}

	/**
	 * The answer of the seed-compatible {@code POST /upload}: the file's id and where the sandbox sees it.
	 *
	 * @param path the file inside the user's sandbox ({@code /data/<file_id>/<safe name>})
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Uploaded(String fileId, String filename, long bytes, String mediaType, String purpose, String path,
			String url, long createdAt) {

		public static Uploaded of(StoredFile file) {
			return new Uploaded(file.id(), file.filename(), file.bytes(), file.mediaType(), file.purpose(),
					file.sandboxPath(), file.downloadPath(), file.createdAt() / 1000);
		}
	}
}
