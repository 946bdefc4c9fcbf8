package io.toolgate.gateway.knowledge;

import java.nio.file.Path;
import java.util.Optional;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.files.FileService;
import io.toolgate.gateway.files.StoredFile;

/**
 * The users' files (the files package) as sources of collections. The file service decides what belongs to whom:
 * another user's file id, like an unknown or expired one, is simply not found.
 */
@Component
public class SourceFiles {

	/** OpenAI's purpose for files meant for file search. */
	static final String PURPOSE = "assistants";

	private final FileService files;

	public SourceFiles(FileService files) {
		this.files = files;
	}

	/**
	 * A readable file of the user's.
	 *
	 * @param id the file's id
	 * @param name the name passages cite
	 * @param path where it can be read
	 * @param size its size in bytes
	 */
	public record SourceFile(String id, String name, Path path, long size) {
	}

	/** The user's file, or empty when the user has no file of this id. */
	public Mono<Optional<SourceFile>> open(String userId, String fileId) {
		return files.find(userId, fileId).map(file -> Optional.of(source(file))).defaultIfEmpty(Optional.empty());
	}

	/** Stores an upload among the user's files (purpose {@code assistants}). */
	public Mono<SourceFile> save(String userId, String name, String mediaType, Path content) {
		return files.copyIn(userId, content, name, mediaType, PURPOSE).map(this::source);
	}

	private SourceFile source(StoredFile file) {
		return new SourceFile(file.id(), file.filename(), files.contentPath(file), file.bytes());
	}
}
