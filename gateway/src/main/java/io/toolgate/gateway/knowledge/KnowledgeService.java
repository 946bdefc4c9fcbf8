package io.toolgate.gateway.knowledge;

import java.util.concurrent.Callable;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.document.Document;
import org.springframework.ai.transformer.splitter.TokenTextSplitter;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.OpenAiException;

/**
 * Collections of documents searched by meaning, for the REST API, OpenAI's vector stores and the rag tool alike.
 * <p>
 * Who sees what: a user's own collections, plus the shared ones that only admins create and change but everyone
 * may search. Another user's collection answers 404, as if it did not exist; admins may reach any by id.
 * <p>
 * Adding a file: the file is read from the user's files, its text extracted (per page for PDFs), split into chunks
 * of {@code chunk-size} tokens, embedded in batches, and then, under the collection's lock, its old chunks (if it
 * was added before) are replaced by the new ones. Only that last step is serialized, so files are extracted and
 * embedded in parallel while searches go on. All of it runs on the knowledge workers.
 */
@Service
public class KnowledgeService {

	private static final Logger log = LoggerFactory.getLogger(KnowledgeService.class);

	private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		.toCharArray();

	/** last_active_at is a write per use; once a minute is precise enough. */
	private static final long TOUCH_INTERVAL_MS = 60_000;

	private final SecureRandom random = new SecureRandom();

	private final CollectionRepository repository;

	private final CollectionVectors vectors;

	private final KnowledgeWorkers workers;

	private final DocumentExtractor extractor;

	private final KnowledgeEmbeddings embeddings;

	private final SourceFiles files;

	private final KnowledgeProperties properties;

	private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

	public KnowledgeService(CollectionRepository repository, CollectionVectors vectors, KnowledgeWorkers workers,
			DocumentExtractor extractor, KnowledgeEmbeddings embeddings, SourceFiles files, KnowledgeProperties properties) {
		this.repository = repository;
		this.vectors = vectors;
		this.workers = workers;
		this.extractor = extractor;
		this.embeddings = embeddings;
		this.files = files;
		this.properties = properties;
	}

	/** An ingestion started: the file as it is now (in progress), and its outcome (already running). */
	public record Ingestion(CollectionFile started, Mono<CollectionFile> outcome) {
	}

	// ---------------------------------------------------------------- collections

	public Mono<KnowledgeCollection> create(CurrentUser caller, NewCollection request) {
		if (request.shared() && !caller.admin()) {
			return Mono.error(new OpenAiException(HttpStatus.FORBIDDEN, "invalid_request_error",
					"Only admins create shared collections.", "shared", "forbidden", null));
		}
		String id = "vs_" + randomId();
		String name = request.name() == null ? id : checkName(request.name());
		long now = System.currentTimeMillis();
		KnowledgeCollection collection = new KnowledgeCollection(id, caller.id(), name, request.description(),
				request.shared(), embeddings.modelId(), checkMetadata(request.metadata()), now, now);
		return repository.insert(collection).onErrorMap(CollectionRepository::uniqueViolation, taken -> nameTaken(collection));
	}

	/** A collection the caller may read: their own, a shared one, or any for an admin; otherwise 404. */
	public Mono<KnowledgeCollection> visible(CurrentUser caller, String id) {
		return repository.find(id)
			.filter(c -> c.shared() || caller.mayAccess(c.ownerId()))
			.switchIfEmpty(Mono.error(() -> notFound(id)));
	}

	/** A collection the caller may change: as {@link #visible}, and shared ones only by admins (403). */
	public Mono<KnowledgeCollection> modifiable(CurrentUser caller, String id) {
		return visible(caller, id).flatMap(c -> c.shared() && !caller.admin()
				? Mono.error(new OpenAiException(HttpStatus.FORBIDDEN, "invalid_request_error",
						"The collection '" + c.name() + "' is shared: only admins change it.", null, "forbidden", null))
				: Mono.just(c));
	}

	/** The caller's own and the shared collections (every collection for an admin asking for all), oldest first. */
	public Mono<List<KnowledgeCollection>> list(CurrentUser caller, boolean all) {
		return repository.listVisible(all && caller.admin() ? null : caller.id());
	}

	public Mono<Map<String, CollectionStats>> stats(List<KnowledgeCollection> collections) {
		return repository.stats(collections.stream().map(KnowledgeCollection::id).toList());
	}

	public Mono<CollectionStats> stats(KnowledgeCollection collection) {
		return stats(List.of(collection)).map(all -> all.getOrDefault(collection.id(), CollectionStats.EMPTY));
	}

	/** Renames or re-describes a collection; null leaves a field as it is. */
	public Mono<KnowledgeCollection> update(CurrentUser caller, String id, String name, String description,
			Map<String, String> metadata) {
		return modifiable(caller, id).flatMap(c -> {
			KnowledgeCollection changed = new KnowledgeCollection(c.id(), c.ownerId(),
					name == null ? c.name() : checkName(name), description == null ? c.description() : description,
					c.shared(), c.embeddingModel(), metadata == null ? c.metadata() : checkMetadata(metadata),
					c.createdAt(), System.currentTimeMillis());
			return repository.update(changed).onErrorMap(CollectionRepository::uniqueViolation, taken -> nameTaken(changed));
		});
	}

	/** Deletes a collection and its vectors (not the files themselves, which stay the users'). */
	public Mono<KnowledgeCollection> delete(CurrentUser caller, String id) {
		return modifiable(caller, id).flatMap(c -> workers.run(() -> locked(c.id(), () -> {
			vectors.deleteCollection(c.id());
			repository.delete(c.id()).block();
			return c;
		})).doOnSuccess(deleted -> locks.remove(c.id())));
	}

	// ---------------------------------------------------------------- files

	/**
	 * Starts adding one of the caller's files (by id) to a collection. An unknown file, or another user's, is 404.
	 * @param attributes the file's attributes for search filters, or null
	 * @param chunkSize tokens per chunk, or null for {@code toolgate.knowledge.chunk-size}
	 */
	public Mono<Ingestion> addFile(CurrentUser caller, String collectionId, String fileId, Map<String, Object> attributes,
			Integer chunkSize) {
		Map<String, Object> checked = checkAttributes(attributes);
		return modifiable(caller, collectionId).flatMap(c -> ensureSameModel(c)
			.then(files.open(caller.id(), fileId))
			.flatMap(source -> source.map(file -> start(c, caller.id(), file, checked, chunkSize))
				.orElseGet(() -> Mono.error(fileNotFound(fileId)))));
	}

	/** Stores an upload among the caller's files, then starts adding it to the collection. */
	public Mono<Ingestion> upload(CurrentUser caller, String collectionId, String name, String mediaType, Path content,
			Map<String, Object> attributes) {
		Map<String, Object> checked = checkAttributes(attributes);
		return modifiable(caller, collectionId).flatMap(c -> ensureSameModel(c)
			.then(files.save(caller.id(), name, mediaType, content))
			.flatMap(file -> start(c, caller.id(), file, checked, null)));
	}

	public Mono<List<CollectionFile>> files(CurrentUser caller, String collectionId) {
		return visible(caller, collectionId).flatMap(c -> repository.listFiles(c.id()));
	}

	public Mono<CollectionFile> file(CurrentUser caller, String collectionId, String fileId) {
		return visible(caller, collectionId).flatMap(c -> repository.findFile(c.id(), fileId))
			.switchIfEmpty(Mono.error(() -> fileNotInCollection(fileId)));
	}

	/** Removes a file's passages from a collection (the file itself stays the user's). */
	public Mono<CollectionFile> removeFile(CurrentUser caller, String collectionId, String fileId) {
		return modifiable(caller, collectionId).flatMap(c -> repository.findFile(c.id(), fileId)
			.switchIfEmpty(Mono.error(() -> fileNotInCollection(fileId)))
			.flatMap(f -> workers.run(() -> locked(c.id(), () -> {
				vectors.deleteFile(c.id(), fileId);
				repository.deleteFile(c.id(), fileId).block();
				return f;
			}))));
	}

	private Mono<Ingestion> start(KnowledgeCollection collection, String userId, SourceFiles.SourceFile file,
			Map<String, Object> attributes, Integer chunkSize) {
		int size = chunkSize == null ? properties.chunkSize() : chunkSize;
		long now = System.currentTimeMillis();
		return repository
			.startFile(new CollectionFile(collection.id(), file.id(), file.name(), userId, CollectionFile.IN_PROGRESS,
					file.size(), 0, size, attributes, null, null, now, now))
			.map(started -> new Ingestion(started, ingest(started, file)));
	}

	/**
	 * Runs an ingestion in the background (it goes on when the client that asked goes away) and gives its outcome:
	 * the file completed or failed.
	 */
	private Mono<CollectionFile> ingest(CollectionFile row, SourceFiles.SourceFile file) {
		Mono<CollectionFile> outcome = workers.run(() -> index(row, file))
			.flatMap(chunks -> repository.finishFile(row.collectionId(), row.fileId(), CollectionFile.COMPLETED,
					file.name(), file.size(), chunks, null, null, System.currentTimeMillis()))
			.onErrorResume(error -> failed(row, file, error))
			.cache();
		outcome.subscribe(done -> {
		}, error -> log.error("knowledge: recording the outcome of file {} in collection {} failed", row.fileId(),
				row.collectionId(), error));
		return outcome;
	}

	private Mono<CollectionFile> failed(CollectionFile row, SourceFiles.SourceFile file, Throwable error) {
		String code = error instanceof IngestFailure failure ? failure.code() : "server_error";
		String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
		if (error instanceof IngestFailure) {
			log.info("knowledge: file {} ('{}') not added to collection {}: {}", row.fileId(), file.name(),
					row.collectionId(), message);
		}
		else {
			log.warn("knowledge: adding file {} ('{}') to collection {} failed", row.fileId(), file.name(),
					row.collectionId(), error);
		}
		return repository.finishFile(row.collectionId(), row.fileId(), CollectionFile.FAILED, file.name(), file.size(),
				0, code, message, System.currentTimeMillis());
	}

	/** Extracts, splits and embeds a file, then swaps its chunks in; the number of chunks (blocking). */
	private int index(CollectionFile row, SourceFiles.SourceFile file) throws Exception {
		DocumentExtractor.Extracted extracted = extractor.extract(file.path(), file.name());
		List<Document> chunks = chunk(extracted.documents(), row);
		vectors.prepare(chunks);
		try {
			return locked(row.collectionId(), () -> {
				// a file or collection removed while this one was being embedded stays removed
				if (repository.findFile(row.collectionId(), row.fileId()).block() == null) {
					throw new IngestFailure("server_error", "the file was removed from the collection meanwhile");
				}
				vectors.replaceFile(row.collectionId(), row.fileId(), chunks);
				return chunks.size();
			});
		}
		finally {
			vectors.discard(chunks);
		}
	}

	private List<Document> chunk(List<Document> documents, CollectionFile row) {
		TokenTextSplitter splitter = TokenTextSplitter.builder()
			.withChunkSize(row.chunkSize())
			.withMaxNumChunks(properties.maxChunksPerFile())
			.build();
		List<Document> chunks = new ArrayList<>();
		for (Document chunk : splitter.apply(documents)) {
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put(CollectionVectors.COLLECTION_ID, row.collectionId());
			metadata.put(CollectionVectors.FILE_ID, row.fileId());
			metadata.put(CollectionVectors.FILE_NAME, chunk.getMetadata().get(CollectionVectors.FILE_NAME));
			Object page = chunk.getMetadata().get(CollectionVectors.PAGE);
			if (page != null) {
				metadata.put(CollectionVectors.PAGE, page);
			}
			metadata.put(CollectionVectors.CHUNK, chunks.size());
			chunks.add(Document.builder().text(chunk.getText()).metadata(metadata).build());
		}
		if (chunks.isEmpty()) {
			throw IngestFailure.unsupported("no text long enough to index in '" + row.filename() + "'");
		}
		return chunks;
	}

	/** Ingestions that a stop interrupted start again, so a restart loses no file. */
	@EventListener(ApplicationReadyEvent.class)
	public void resumeInterrupted() {
		repository.filesInProgress().flatMapIterable(Function.identity()).flatMap(row -> files.open(row.addedBy(), row.fileId())
			.flatMap(source -> source.map(file -> {
				log.info("knowledge: resuming file {} of collection {}", row.fileId(), row.collectionId());
				return ingest(row, file);
			}).orElseGet(() -> repository.finishFile(row.collectionId(), row.fileId(), CollectionFile.FAILED,
					row.filename(), row.usageBytes(), 0, "invalid_file", "the file no longer exists",
					System.currentTimeMillis())))
			.onErrorResume(error -> {
				log.warn("knowledge: cannot resume file {} of collection {}", row.fileId(), row.collectionId(), error);
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	// ---------------------------------------------------------------- search

	/**
	 * The passages of a collection closest to the queries, best first.
	 * @param filter only files whose attributes match, or null
	 */
	public Mono<List<SearchHit>> search(CurrentUser caller, String collectionId, List<String> queries, int topK,
			double threshold, AttributeFilter filter) {
		return visible(caller, collectionId).flatMap(c -> search(c, queries, topK, threshold, filter));
	}

	/**
	 * Searches the user's own collection of this name, or else the shared one (the rag tool's view).
	 * @throws nothing: an unknown or empty collection is an {@link IllegalArgumentException} or
	 * {@link IllegalStateException} whose message is meant for the model
	 */
	public Mono<List<SearchHit>> searchByName(String userId, String name, String query, int topK) {
		return repository.findByName(userId, name)
			.switchIfEmpty(Mono.defer(() -> repository.listVisible(userId).flatMap(all -> Mono.error(
					new IllegalArgumentException(unknownCollection(name, userId, all))))))
			.flatMap(c -> stats(c).flatMap(stats -> {
				if (stats.chunks() == 0) {
					return Mono.error(new IllegalStateException(stats.inProgress() > 0
							? "The collection '" + name + "' is still being indexed (" + stats.inProgress()
									+ " file(s) in progress); try again shortly."
							: "The collection '" + name + "' has no documents yet: add files to it first."));
				}
				return search(c, List.of(query), topK, 0.0, null);
			}));
	}

	private Mono<List<SearchHit>> search(KnowledgeCollection collection, List<String> queries, int topK,
			double threshold, AttributeFilter filter) {
		return ensureSameModel(collection).then(repository.listFiles(collection.id())).flatMap(fileRows -> {
			Map<String, CollectionFile> byId = fileRows.stream()
				.collect(Collectors.toMap(CollectionFile::fileId, Function.identity()));
			Set<String> allowed = filter == null ? null
					: fileRows.stream().filter(f -> filter.matches(f.attributes())).map(CollectionFile::fileId)
						.collect(Collectors.toSet());
			if (fileRows.isEmpty() || (allowed != null && allowed.isEmpty())) {
				return Mono.just(List.<SearchHit>of());
			}
			return workers.run(() -> searchAll(collection.id(), queries, topK, threshold, allowed))
				.timeout(properties.searchTimeout(), Mono.error(() -> new OpenAiException(HttpStatus.GATEWAY_TIMEOUT,
						"server_error", "The search took longer than " + properties.searchTimeout()
								+ " (toolgate.knowledge.search-timeout).", null, "search_timeout", null)))
				.map(documents -> documents.stream().map(d -> hit(d, byId)).toList());
		}).flatMap(hits -> touch(collection).thenReturn(hits));
	}

	/** One search per query, merged: each chunk once, with its best score. */
	private List<Document> searchAll(String collectionId, List<String> queries, int topK, double threshold,
			Collection<String> fileIds) {
		Map<String, Document> best = new LinkedHashMap<>();
		for (String query : queries) {
			for (Document d : vectors.search(collectionId, query, topK, threshold, fileIds)) {
				best.merge(d.getId(), d, (a, b) -> score(a) >= score(b) ? a : b);
			}
		}
		return best.values().stream().sorted(Comparator.comparingDouble(KnowledgeService::score).reversed())
			.limit(topK).toList();
	}

	private static double score(Document document) {
		return document.getScore() == null ? 0 : document.getScore();
	}

	private static SearchHit hit(Document d, Map<String, CollectionFile> files) {
		Map<String, Object> metadata = d.getMetadata();
		String fileId = String.valueOf(metadata.get(CollectionVectors.FILE_ID));
		CollectionFile file = files.get(fileId);
		String name = file != null ? file.filename() : String.valueOf(metadata.get(CollectionVectors.FILE_NAME));
		return new SearchHit(fileId, name, integer(metadata.get(CollectionVectors.PAGE)),
				integer(metadata.get(CollectionVectors.CHUNK)) == null ? 0 : integer(metadata.get(CollectionVectors.CHUNK)),
				score(d), d.getText(), file == null ? null : file.attributes());
	}

	private static Integer integer(Object value) {
		if (value instanceof Number number) {
			return number.intValue();
		}
		if (value instanceof String text && !text.isEmpty()) {
			return Integer.valueOf(text);
		}
		return null;
	}

	private Mono<Boolean> touch(KnowledgeCollection collection) {
		long now = System.currentTimeMillis();
		return now - collection.lastActiveAt() < TOUCH_INTERVAL_MS ? Mono.just(false)
				: repository.touch(collection.id(), now);
	}

	// ---------------------------------------------------------------- helpers

	private <T> T locked(String collectionId, Callable<T> work) throws Exception {
		ReentrantLock lock = locks.computeIfAbsent(collectionId, id -> new ReentrantLock());
		lock.lock();
		try {
			return work.call();
		}
		finally {
			lock.unlock();
		}
	}

	private Mono<Void> ensureSameModel(KnowledgeCollection collection) {
		if (collection.embeddingModel().equals(embeddings.modelId())) {
			return Mono.empty();
		}
		return Mono.error(OpenAiException.invalidRequest("The collection '" + collection.name()
				+ "' was embedded with '" + collection.embeddingModel() + "', but this gateway now embeds with '"
				+ embeddings.modelId() + "' (toolgate.knowledge.embedding.model), and their vectors cannot be compared. "
				+ "Create a new collection and add the files again, or configure the old model.", null,
				"embedding_model_mismatch"));
	}

	private String randomId() {
		char[] id = new char[24];
		for (int i = 0; i < id.length; i++) {
			id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
		}
		return new String(id);
	}

	private static String checkName(String name) {
		String trimmed = name.strip();
		if (trimmed.isEmpty() || trimmed.length() > 256) {
			throw OpenAiException.invalidRequest("'name' must be 1 to 256 characters", "name");
		}
		return trimmed;
	}

	private static Map<String, String> checkMetadata(Map<String, String> metadata) {
		if (metadata == null) {
			return null;
		}
		if (metadata.size() > 16) {
			throw OpenAiException.invalidRequest("'metadata' may have at most 16 keys", "metadata");
		}
		metadata.forEach((key, value) -> {
			if (key.length() > 64 || value == null || value.length() > 512) {
				throw OpenAiException.invalidRequest(
						"'metadata' keys have at most 64 characters and values are strings of at most 512", "metadata");
			}
		});
		return metadata;
	}

	private static Map<String, Object> checkAttributes(Map<String, Object> attributes) {
		if (attributes == null) {
			return null;
		}
		if (attributes.size() > 16) {
			throw OpenAiException.invalidRequest("'attributes' may have at most 16 keys", "attributes");
		}
		attributes.forEach((key, value) -> {
			boolean valid = value instanceof Number || value instanceof Boolean
					|| (value instanceof String text && text.length() <= 512);
			if (key.length() > 64 || !valid) {
				throw OpenAiException.invalidRequest("'attributes' keys have at most 64 characters and values are "
						+ "strings (at most 512 characters), numbers or booleans", "attributes." + key);
			}
		});
		return attributes;
	}

	private static String unknownCollection(String name, String userId, List<KnowledgeCollection> visible) {
		List<String> own = visible.stream().filter(c -> !c.shared() && c.ownerId().equals(userId))
			.map(KnowledgeCollection::name).toList();
		List<String> shared = visible.stream().filter(KnowledgeCollection::shared).map(KnowledgeCollection::name)
			.toList();
		if (own.isEmpty() && shared.isEmpty()) {
			return "There is no collection named '" + name + "', and this user has no collections at all.";
		}
		return "There is no collection named '" + name + "'. Collections you can search: "
				+ String.join(", ", own.isEmpty() ? List.of("(none of your own)") : own)
				+ (shared.isEmpty() ? "" : "; shared: " + String.join(", ", shared)) + ".";
	}

	private static OpenAiException notFound(String id) {
		return new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error", "No collection found with id '" + id
				+ "'.", null, "not_found", null);
	}

	private static OpenAiException fileNotFound(String fileId) {
		return new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error", "No file found with id '" + fileId
				+ "'.", "file_id", "not_found", null);
	}

	private static OpenAiException fileNotInCollection(String fileId) {
		return new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error", "No file '" + fileId
				+ "' in this collection.", "file_id", "not_found", null);
	}

	private static OpenAiException nameTaken(KnowledgeCollection collection) {
		return new OpenAiException(HttpStatus.CONFLICT, "invalid_request_error", "A " + (collection.shared() ? "shared "
				: "") + "collection named '" + collection.name() + "' already exists; names address collections, so "
				+ "they are unique" + (collection.shared() ? " among shared collections." : " among yours."), "name",
				"collection_exists", null);
	}
}
