package io.toolgate.gateway.knowledge;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The shapes of {@code /api/collections} (times in epoch milliseconds, as elsewhere under {@code /api}). */
public final class KnowledgeWire {

	private KnowledgeWire() {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record CreateCollection(String name, String description, Boolean shared, Map<String, String> metadata) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record UpdateCollection(String name, String description, Map<String, String> metadata) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record AddFile(String fileId, Map<String, Object> attributes, Integer chunkSize) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Search(String query, Integer topK, Double scoreThreshold) {
	}

	/** A collection with what it holds. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record CollectionView(String id, String name, String description, boolean shared, String ownerId,
			String embeddingModel, Map<String, String> metadata, long createdAt, long lastActiveAt, FileCounts fileCounts,
			long usageBytes, long chunks) {

		static CollectionView of(KnowledgeCollection c, CollectionStats s) {
			return new CollectionView(c.id(), c.name(), c.description(), c.shared(), c.ownerId(), c.embeddingModel(),
					c.metadata(), c.createdAt(), c.lastActiveAt(), FileCounts.of(s), s.usageBytes(), s.chunks());
		}
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record FileCounts(int inProgress, int completed, int failed, int cancelled, int total) {

		static FileCounts of(CollectionStats s) {
			return new FileCounts(s.inProgress(), s.completed(), s.failed(), s.cancelled(), s.total());
		}
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record FileView(String fileId, String filename, String status, long usageBytes, int chunks, int chunkSize,
			Map<String, Object> attributes, Error error, long createdAt, long updatedAt) {

		static FileView of(CollectionFile f) {
			return new FileView(f.fileId(), f.filename(), f.status(), f.usageBytes(), f.chunks(), f.chunkSize(),
					f.attributes(), f.errorCode() == null ? null : new Error(f.errorCode(), f.errorMessage()),
					f.createdAt(), f.updatedAt());
		}
	}

	public record Error(String code, String message) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record SearchResults(String collectionId, String query, List<Result> results) {
	}

	/** A passage, with its source for citing. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Result(String text, double score, String fileId, String filename, Integer page, int chunk,
			String source) {

		static Result of(SearchHit hit) {
			return new Result(hit.text(), hit.score(), hit.fileId(), hit.filename(), hit.page(), hit.chunk(),
					hit.source());
		}
	}
}
