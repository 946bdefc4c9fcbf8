package io.toolgate.gateway.knowledge;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.document.Document;
import org.springframework.ai.util.JacksonUtils;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * One collection's {@link SimpleVectorStore}, persisted to one JSON file. Saving writes a temporary file beside
 * the real one, forces it to disk and renames it over the old one, so a crash leaves either the old or the new
 * content, never half a file. Reads and changes are guarded by a read-write lock, because the store's map becomes
 * a plain HashMap once loaded from a file.
 */
final class CollectionVectorStore extends SimpleVectorStore {

	private static final JsonMapper JSON = JsonMapper.builder().addModules(JacksonUtils.instantiateAvailableModules())
		.build();

	private final Path file;

	private final PreparedEmbeddings embeddings;

	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

	private final ReentrantLock saving = new ReentrantLock();

	private boolean deleted;

	private CollectionVectorStore(SimpleVectorStoreBuilder builder, PreparedEmbeddings embeddings, Path file) {
		super(builder);
		this.embeddings = embeddings;
		this.file = file;
	}

	/** The store of the file, loaded from it when it exists. */
	static CollectionVectorStore open(PreparedEmbeddings embeddings, Path file, ObservationRegistry observations) {
		CollectionVectorStore store = new CollectionVectorStore(
				SimpleVectorStore.builder(embeddings).observationRegistry(observations), embeddings, file);
		if (Files.isRegularFile(file)) {
			try {
				store.load(file.toFile());
			}
			catch (RuntimeException e) {
				throw new IllegalStateException("cannot read the vectors file " + file + ": " + e.getMessage(), e);
			}
		}
		return store;
	}

	/** Replaces a file's chunks with these (whose vectors are prepared), then saves. */
	void replaceFile(String fileId, List<Document> chunks) {
		lock.writeLock().lock();
		try {
			if (deleted) {
				throw new IllegalStateException("the collection was deleted");
			}
			removeFile(fileId);
			if (!chunks.isEmpty()) {
				add(chunks);
			}
		}
		finally {
			lock.writeLock().unlock();
		}
		save();
	}

	void deleteFile(String fileId) {
		lock.writeLock().lock();
		try {
			removeFile(fileId);
		}
		finally {
			lock.writeLock().unlock();
		}
		save();
	}

	private void removeFile(String fileId) {
		delete(new FilterExpressionBuilder().eq(CollectionVectors.FILE_ID, fileId).build());
	}

	/** Forgets everything and removes the file; later changes fail. */
	void deleteAll() {
		// the same order as save(): first the save lock, then the store's
		saving.lock();
		lock.writeLock().lock();
		try {
			deleted = true;
			Files.deleteIfExists(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot delete " + file, e);
		}
		finally {
			lock.writeLock().unlock();
			saving.unlock();
		}
	}

	List<Document> search(SearchRequest request) {
		lock.readLock().lock();
		try {
			return similaritySearch(request);
		}
		finally {
			lock.readLock().unlock();
		}
	}

	int size() {
		lock.readLock().lock();
		try {
			return store.size();
		}
		finally {
			lock.readLock().unlock();
		}
	}

	/**
	 * Writes the current content. Saves run one at a time and each reads the whole store under the read lock, so
	 * the last save always holds every change made before it began.
	 */
	private void save() {
		saving.lock();
		try {
			lock.readLock().lock();
			try {
				if (deleted) {
					return;
				}
				Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
				Files.deleteIfExists(temporary); // created anew below, owner-only (vectors quote users' documents)
				try (OutputStream out = java.nio.channels.Channels.newOutputStream(Files.newByteChannel(temporary,
						java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
						io.toolgate.gateway.PrivateFiles.fileAttributes()))) {
					JSON.writeValue(out, (Object) store);
				}
				try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
					channel.force(true);
				}
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				syncDirectory();
			}
			finally {
				lock.readLock().unlock();
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot save the vectors file " + file, e);
		}
		finally {
			saving.unlock();
		}
	}

	/** Makes the rename itself durable; not every platform can open a directory, which only loses that. */
	private void syncDirectory() {
		try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
			directory.force(true);
		}
		catch (IOException | UnsupportedOperationException ignored) {
			// the rename is atomic anyway; only its durability across a power loss is weaker
		}
	}

	PreparedEmbeddings embeddings() {
		return embeddings;
	}
}
