package io.toolgate.gateway.knowledge;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Knowledge collections ({@code toolgate.knowledge.*}): where vectors live, how text is embedded and chunked,
 * and the limits of ingestion and search. Defaults are in application.yml.
 *
 * @param store {@code simple} (vectors in files under {@code vectors-dir}) or {@code pgvector} (the gateway's
 * PostgreSQL database with the vector extension)
 * @param vectorsDir the directory of the simple store's files, one per collection
 * @param embedding which model embeds text
 * @param chunkSize tokens per chunk (cl100k tokens, as Spring AI's TokenTextSplitter counts them)
 * @param maxChunksPerFile most chunks one file may give; the rest of a longer file goes into one last chunk
 * @param maxFileSize largest file that is ingested
 * @param maxTextChars most characters of text taken from one file
 * @param workers threads for blocking knowledge work (text extraction, embedding, persisting)
 * @param queue tasks waiting for a worker; one more is refused with 429
 * @param defaultTopK passages a search returns when the caller does not say
 * @param maxTopK most passages one search may return
 * @param searchTimeout longest a search may take (queueing, embedding the query, searching)
 * @param pgvector the pgvector table
 */
@ConfigurationProperties("toolgate.knowledge")
public record KnowledgeProperties(StoreType store, Path vectorsDir, Embedding embedding, int chunkSize,
		int maxChunksPerFile, DataSize maxFileSize, int maxTextChars, int workers, int queue, int defaultTopK,
		int maxTopK, Duration searchTimeout, PgVector pgvector) {

	public KnowledgeProperties {
		store = store == null ? StoreType.SIMPLE : store;
		embedding = embedding == null ? new Embedding("", 32, 0, Duration.ofSeconds(120)) : embedding;
		pgvector = pgvector == null ? new PgVector("toolgate_vectors", 0, true) : pgvector;
		chunkSize = atLeast(chunkSize, 16, 256, "chunk-size");
		maxChunksPerFile = atLeast(maxChunksPerFile, 1, 10_000, "max-chunks-per-file");
		maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(64) : maxFileSize;
		maxTextChars = atLeast(maxTextChars, 1, 20_000_000, "max-text-chars");
		workers = atLeast(workers, 1, 2, "workers");
		queue = atLeast(queue, 1, 1_000, "queue");
		defaultTopK = atLeast(defaultTopK, 1, 5, "default-top-k");
		maxTopK = atLeast(maxTopK, defaultTopK, 50, "max-top-k");
		searchTimeout = searchTimeout == null ? Duration.ofSeconds(60) : searchTimeout;
	}

	/** Zero means "not set" (the default); anything else below the minimum is a configuration error. */
	private static int atLeast(int value, int min, int fallback, String name) {
		if (value == 0) {
			return fallback;
		}
		if (value < min) {
			throw new IllegalArgumentException("toolgate.knowledge." + name + " must be at least " + min + ", not " + value);
		}
		return value;
	}

	/** Where vectors are kept. */
	public enum StoreType {
		SIMPLE, PGVECTOR
	}

	/**
	 * @param model a model the upstreams serve for {@code /v1/embeddings}; empty = the built-in all-MiniLM-L6-v2
	 * (quantized ONNX, in-process, offline)
	 * @param batchSize texts per embedding call
	 * @param threads threads the built-in model embeds with; 0 = one per processor
	 * @param timeout longest one embedding call may take
	 */
	public record Embedding(String model, int batchSize, int threads, Duration timeout) {

		public Embedding {
			model = model == null ? "" : model.strip();
			batchSize = batchSize <= 0 ? 32 : batchSize;
			threads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
			timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
		}

		public boolean builtin() {
			return model.isEmpty();
		}
	}

	/**
	 * @param table the table of vectors (created with the extension when {@code initialize-schema})
	 * @param dimensions the vectors' dimensions; 0 = those of the embedding model
	 * @param initializeSchema create the extension, table and HNSW index when missing
	 */
	public record PgVector(String table, int dimensions, boolean initializeSchema) {

		public PgVector {
			table = table == null || table.isBlank() ? "toolgate_vectors" : table;
		}
	}
}
