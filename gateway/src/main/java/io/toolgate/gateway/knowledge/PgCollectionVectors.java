package io.toolgate.gateway.knowledge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.pgvector.PgVectorStore;

/**
 * Collections in PostgreSQL with pgvector: one Spring AI {@link PgVectorStore} table for all of them, each chunk
 * carrying its collection's id in its metadata, and every search and deletion filtered by it. One table rather
 * than one per collection, because PostgreSQL filters and indexes (HNSW) a large table well, and tables created at
 * run time would escape the Flyway-managed schema.
 */
class PgCollectionVectors implements CollectionVectors {

	private final PgVectorStore store;

	private final PreparedEmbeddings embeddings;

	PgCollectionVectors(PgVectorStore store, PreparedEmbeddings embeddings) {
		this.store = store;
		this.embeddings = embeddings;
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
		deleteFile(collectionId, fileId);
		if (!chunks.isEmpty()) {
			store.add(chunks);
		}
	}

	@Override
	public void deleteFile(String collectionId, String fileId) {
		FilterExpressionBuilder b = new FilterExpressionBuilder();
		store.delete(b.and(b.eq(COLLECTION_ID, collectionId), b.eq(FILE_ID, fileId)).build());
	}

	@Override
	public void deleteCollection(String collectionId) {
		store.delete(new FilterExpressionBuilder().eq(COLLECTION_ID, collectionId).build());
	}

	@Override
	public List<Document> search(String collectionId, String query, int topK, double threshold,
			Collection<String> fileIds) {
		FilterExpressionBuilder b = new FilterExpressionBuilder();
		FilterExpressionBuilder.Op filter = b.eq(COLLECTION_ID, collectionId);
		if (fileIds != null) {
			if (fileIds.isEmpty()) {
				return List.of();
			}
			filter = b.and(filter, b.in(FILE_ID, new ArrayList<Object>(fileIds)));
		}
		return store.similaritySearch(SearchRequest.builder()
			.query(query)
			.topK(topK)
			.similarityThreshold(threshold)
			.filterExpression(filter.build())
			.build());
	}
}
