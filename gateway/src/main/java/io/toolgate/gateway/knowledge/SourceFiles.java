package io.toolgate.gateway.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.tools.HostServices;
import io.toolgate.gateway.tools.ToolCaller;
import io.toolgate.plugin.api.FileStore;

/**
 * A user's files, as the files package offers them to tools ({@link HostServices.FileStoreProvider}): the file
 * store decides what belongs to whom, so another user's file id is simply not found. Blocking.
 */
@Component
public class SourceFiles {

	private final ObjectProvider<HostServices.FileStoreProvider> provider;

	public SourceFiles(ObjectProvider<HostServices.FileStoreProvider> provider) {
		this.provider = provider;
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
	public Optional<SourceFile> open(String userId, String username, String fileId) {
		return store(userId, username).open(fileId).map(path -> {
			try {
				return new SourceFile(fileId, path.getFileName().toString(), path, Files.size(path));
			}
			catch (IOException e) {
				throw new UncheckedIOException("cannot read file " + fileId, e);
			}
		});
	}

	/** Stores an upload among the user's files. */
	public SourceFile save(String userId, String username, String name, String mediaType, Path content)
			throws Exception {
		FileStore.StoredFile stored = store(userId, username).save(name, mediaType, content);
		Path path = store(userId, username).open(stored.id())
			.orElseThrow(() -> new IllegalStateException("the file store lost file " + stored.id()));
		return new SourceFile(stored.id(), stored.name(), path, stored.size());
	}

	private FileStore store(String userId, String username) {
		HostServices.FileStoreProvider files = provider.getIfAvailable();
		if (files == null) {
			throw new OpenAiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error",
					"This gateway has no file store, so files cannot be added to collections.", null,
					"file_store_unavailable", null);
		}
		return files.filesFor(new ToolCaller(null, userId, username, null, null));
	}
}
