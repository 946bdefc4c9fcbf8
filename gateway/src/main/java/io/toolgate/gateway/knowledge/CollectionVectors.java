package io.toolgate.gateway.knowledge;

import java.util.Collection;
import java.util.List;

import org.springframework.ai.document.Document;

/**
 * The vectors of every collection, each collection searched on its own. All methods block (embedding, I/O,
 * JDBC): callers run them on the knowledge workers. Changes to one collection are serialized by the caller
 * ({@link KnowledgeService} holds the collection's lock); searches run alongside them.
 */
public interface CollectionVectors {

	/** Chunk metadata: the collection, the source file, its name, the page (PDFs) and the chunk's position. */
	String COLLECTION_ID = "collection_id";

	String FILE_ID = "file_id";

	String FILE_NAME = "file_name";

	String PAGE = "page_number";

	String CHUNK = "chunk";

	/** Embeds chunks (in batches) ahead of {@link #replaceFile}, outside the collection's lock. */
	void prepare(List<Document> chunks);

	/** Drops prepared vectors that will not be added after all. */
	void discard(List<Document> chunks);

	/** Replaces a file's chunks in a collection with these (prepared) ones, durably. */
	void replaceFile(String collectionId, String fileId, List<Document> chunks);

	/** Removes a file's chunks from a collection. */
	void deleteFile(String collectionId, String fileId);

	/** Removes a collection's vectors. */
	void deleteCollection(String collectionId);

	/**
	 * The chunks closest to the query, best first, with their score (cosine similarity).
	 * @param fileIds only chunks of these files; null = all
	 */
	List<Document> search(String collectionId, String query, int topK, double threshold, Collection<String> fileIds);
}
