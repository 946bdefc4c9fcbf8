package io.toolgate.gateway.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

/**
 * The default store: one Spring AI {@link org.springframework.ai.vectorstore.SimpleVectorStore} per collection,
 * each persisted to {@code <vectors-dir>/<collection id>.json} and loaded on first use.
 * <p>
 * One store per collection rather than one store for everything with a metadata filter: SimpleVectorStore
 * compares the query with every vector it holds and saves by rewriting its whole file. Per collection, a search
 * scans only that collection, adding a file rewrites only its collection's file, collections change in parallel
 * under their own locks, and deleting a collection deletes a file.
 */
class SimpleCollectionVectors implements CollectionVectors {

	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

	private final Path directory;

	private final PreparedEmbeddings embeddings;

	private final ObservationRegistry observations;

	private final Map<String, CollectionVectorStore> stores = new ConcurrentHashMap<>();

	SimpleCollectionVectors(Path directory, PreparedEmbeddings embeddings, ObservationRegistry observations) {
		this.directory = directory;
		this.embeddings = embeddings;
		this.observations = observations;
		try {
			io.toolgate.gateway.PrivateFiles.createDirectories(directory);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot create toolgate.knowledge.vectors-dir " + directory, e);
		}
	}

	private CollectionVectorStore store(String collectionId) {
		if (!SAFE_ID.matcher(collectionId).matches()) {
			throw new IllegalArgumentException("not a collection id: " + collectionId);
		}
		return stores.computeIfAbsent(collectionId,
				id -> CollectionVectorStore.open(embeddings, directory.resolve(id + ".json"), observations));
	}

	@Override
	public void prepare(List<Document> chunks) {
		embeddings.prepare(chunks);
	}

	@Override
	public void discard(List<Document> chunks) {
		embeddings.discard(chunks);
	}

	@Override
	public void replaceFile(String collectionId, String fileId, List<Document> chunks) {
		store(collectionId).replaceFile(fileId, chunks);
	}

	@Override
	public void deleteFile(String collectionId, String fileId) {
		store(collectionId).deleteFile(fileId);
	}

	@Override
	public void deleteCollection(String collectionId) {
		store(collectionId).deleteAll();
		stores.remove(collectionId);
	}

	@Override
	public List<Document> search(String collectionId, String query, int topK, double threshold,
			Collection<String> fileIds) {
		SearchRequest.Builder request = SearchRequest.builder().query(query).topK(topK).similarityThreshold(threshold);
		if (fileIds != null) {
			if (fileIds.isEmpty()) {
				return List.of();
			}
			request.filterExpression(new FilterExpressionBuilder().in(FILE_ID, new ArrayList<Object>(fileIds)).build());
		}
		return store(collectionId).search(request.build());
	}

	/** Chunks held for a collection (loads it). */
	int size(String collectionId) {
		return store(collectionId).size();
	}
}
