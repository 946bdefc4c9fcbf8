package io.toolgate.gateway.knowledge;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * OpenAI's vector store shapes ({@code VectorStoreObject}, {@code VectorStoreFileObject}, the search page and the
 * lists), as the official OpenAPI spec has them. Times are Unix seconds.
 */
public final class VectorStoresWire {

	private VectorStoresWire() {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record VectorStore(String id, String object, long createdAt, String name, long usageBytes,
			FileCounts fileCounts, String status, Long expiresAt, Long lastActiveAt, Map<String, String> metadata) {

		static VectorStore of(KnowledgeCollection c, CollectionStats s) {
			return new VectorStore(c.id(), "vector_store", seconds(c.createdAt()), c.name(), s.usageBytes(),
					new FileCounts(s.inProgress(), s.completed(), s.failed(), s.cancelled(), s.total()),
					s.inProgress() > 0 ? "in_progress" : "completed", null, seconds(c.lastActiveAt()), c.metadata());
		}
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record FileCounts(int inProgress, int completed, int failed, int cancelled, int total) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record VectorStoreFile(String id, String object, long usageBytes, long createdAt, String vectorStoreId,
			String status, LastError lastError, ChunkingStrategy chunkingStrategy, Map<String, Object> attributes) {

		static VectorStoreFile of(CollectionFile f) {
			return new VectorStoreFile(f.fileId(), "vector_store.file", f.usageBytes(), seconds(f.createdAt()),
					f.collectionId(), f.status(), f.errorCode() == null ? null : new LastError(f.errorCode(), f.errorMessage()),
					new ChunkingStrategy("static", new StaticChunking(f.chunkSize(), 0)), f.attributes());
		}
	}

	public record LastError(String code, String message) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ChunkingStrategy(String type, @com.fasterxml.jackson.annotation.JsonProperty("static") StaticChunking settings) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record StaticChunking(int maxChunkSizeTokens, int chunkOverlapTokens) {
	}

	/** {@code first_id}/{@code last_id} are null for an empty list, as OpenAI answers (its spec says string). */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Page<T>(String object, List<T> data, String firstId, String lastId, boolean hasMore) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Deleted(String id, String object, boolean deleted) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record SearchPage(String object, List<String> searchQuery, List<SearchResult> data, boolean hasMore,
			String nextPage) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record SearchResult(String fileId, String filename, double score, Map<String, Object> attributes,
			List<Text> content) {

		static SearchResult of(SearchHit hit) {
			// OpenAI scores lie in [0, 1]; a negative cosine similarity means "unrelated"
			double score = Math.max(0, Math.min(1, hit.score()));
			return new SearchResult(hit.fileId(), hit.filename(), score, hit.attributes(),
					List.of(new Text("text", hit.text())));
		}
	}

	public record Text(String type, String text) {
	}

	static Long seconds(long millis) {
		return millis / 1000;
	}
}
