package io.toolgate.gateway.knowledge;

import org.springframework.dao.DuplicateKeyException;
import java.util.Collections;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.JdbcExecutor;

/** Collections and their files in the database (vectors are in {@link CollectionVectors}). */
@Repository
public class CollectionRepository {

	private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> VALUES = new TypeReference<>() {
	};

	private final JdbcExecutor db;

	private final JsonMapper json;

	public CollectionRepository(JdbcExecutor db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/** Inserts a collection; a taken name fails with an error {@link #uniqueViolation} recognizes. */
	public Mono<KnowledgeCollection> insert(KnowledgeCollection c) {
		return db.write(() -> {
			db.jdbc()
				.sql("INSERT INTO knowledge_collections (id, owner_id, name, description, shared, embedding_model, metadata,"
						+ " created_at, last_active_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(c.id(), c.ownerId(), c.name(), c.description(), c.shared() ? 1 : 0, c.embeddingModel(),
						write(c.metadata()), c.createdAt(), c.lastActiveAt())
				.update();
			return c;
		});
	}

	public Mono<KnowledgeCollection> find(String id) {
		return db.read(() -> db.jdbc()
			.sql("SELECT * FROM knowledge_collections WHERE id = ?")
			.param(id)
			.query(this::collection)
			.optional()
			.orElse(null));
	}

	/** The user's own collection of this name, else the shared one. */
	public Mono<KnowledgeCollection> findByName(String userId, String name) {
		return db.read(() -> db.jdbc()
			.sql("SELECT * FROM knowledge_collections WHERE name = ? AND ((owner_id = ? AND shared = 0) OR shared = 1)"
					+ " ORDER BY shared LIMIT 1")
			.params(name, userId)
			.query(this::collection)
			.optional()
			.orElse(null));
	}

	/** The user's own collections and the shared ones (every collection when {@code userId} is null). */
	public Mono<List<KnowledgeCollection>> listVisible(String userId) {
		if (userId == null) {
			return db.read(() -> db.jdbc()
				.sql("SELECT * FROM knowledge_collections ORDER BY created_at, id")
				.query(this::collection)
				.list());
		}
		return db.read(() -> db.jdbc()
			.sql("SELECT * FROM knowledge_collections WHERE owner_id = ? OR shared = 1 ORDER BY created_at, id")
			.param(userId)
			.query(this::collection)
			.list());
	}

	public Mono<KnowledgeCollection> update(KnowledgeCollection c) {
		return db.write(() -> {
			db.jdbc()
				.sql("UPDATE knowledge_collections SET name = ?, description = ?, metadata = ?, last_active_at = ? WHERE id = ?")
				.params(c.name(), c.description(), write(c.metadata()), c.lastActiveAt(), c.id())
				.update();
			return c;
		});
	}

	public Mono<Boolean> touch(String id, long now) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE knowledge_collections SET last_active_at = ? WHERE id = ?")
			.params(now, id)
			.update() > 0);
	}

	public Mono<Boolean> delete(String id) {
		return db.write(() -> {
			db.jdbc().sql("DELETE FROM knowledge_files WHERE collection_id = ?").param(id).update();
			return db.jdbc().sql("DELETE FROM knowledge_collections WHERE id = ?").param(id).update() > 0;
		});
	}

	/** Files by status, bytes and passages of these collections. */
	public Mono<Map<String, CollectionStats>> stats(List<String> ids) {
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
		return db.read(() -> {
			Map<String, int[]> counts = new HashMap<>();
			Map<String, long[]> sums = new HashMap<>();
			db.jdbc()
				.sql("SELECT collection_id, status, COUNT(*) AS files, SUM(usage_bytes) AS bytes, SUM(chunks) AS chunks"
						+ " FROM knowledge_files WHERE collection_id IN (" + marks + ") GROUP BY collection_id, status")
				.params(new ArrayList<Object>(ids))
				.query(rs -> {
					String id = rs.getString("collection_id");
					int[] byStatus = counts.computeIfAbsent(id, k -> new int[4]);
					long[] total = sums.computeIfAbsent(id, k -> new long[2]);
					int files = rs.getInt("files");
					switch (rs.getString("status")) {
						case CollectionFile.IN_PROGRESS -> byStatus[0] += files;
						case CollectionFile.COMPLETED -> byStatus[1] += files;
						case CollectionFile.FAILED -> byStatus[2] += files;
						default -> byStatus[3] += files;
					}
					total[0] += rs.getLong("bytes");
					total[1] += rs.getLong("chunks");
				});
			Map<String, CollectionStats> stats = new HashMap<>();
			for (String id : ids) {
				int[] c = counts.getOrDefault(id, new int[4]);
				long[] s = sums.getOrDefault(id, new long[2]);
				stats.put(id, new CollectionStats(c[0], c[1], c[2], c[3], s[0], s[1]));
			}
			return stats;
		});
	}

	/** Adds a file as in progress, or restarts it (same collection and file). */
	public Mono<CollectionFile> startFile(CollectionFile f) {
		return db.write(() -> {
			db.jdbc()
				.sql("INSERT INTO knowledge_files (collection_id, file_id, filename, added_by, status, usage_bytes, chunks,"
						+ " chunk_size, attributes, error_code, error_message, created_at, updated_at)"
						+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)"
						+ " ON CONFLICT (collection_id, file_id) DO UPDATE SET filename = excluded.filename,"
						+ " added_by = excluded.added_by, status = excluded.status, usage_bytes = excluded.usage_bytes,"
						+ " chunks = excluded.chunks, chunk_size = excluded.chunk_size, attributes = excluded.attributes,"
						+ " error_code = NULL, error_message = NULL, updated_at = excluded.updated_at")
				.params(f.collectionId(), f.fileId(), f.filename(), f.addedBy(), f.status(), f.usageBytes(), f.chunks(),
						f.chunkSize(), write(f.attributes()), f.createdAt(), f.updatedAt())
				.update();
			return db.jdbc()
				.sql("SELECT * FROM knowledge_files WHERE collection_id = ? AND file_id = ?")
				.params(f.collectionId(), f.fileId())
				.query(this::file)
				.single();
		});
	}

	/** Records how an ingestion ended; empty when the file (or its collection) was removed meanwhile. */
	public Mono<CollectionFile> finishFile(String collectionId, String fileId, String status, String filename,
			long usageBytes, int chunks, String errorCode, String errorMessage, long now) {
		return db.write(() -> {
			int updated = db.jdbc()
				.sql("UPDATE knowledge_files SET status = ?, filename = ?, usage_bytes = ?, chunks = ?, error_code = ?,"
						+ " error_message = ? , updated_at = ? WHERE collection_id = ? AND file_id = ?")
				.params(status, filename, usageBytes, chunks, errorCode, errorMessage, now, collectionId, fileId)
				.update();
			db.jdbc().sql("UPDATE knowledge_collections SET last_active_at = ? WHERE id = ?").params(now, collectionId)
				.update();
			return updated == 0 ? null : db.jdbc()
				.sql("SELECT * FROM knowledge_files WHERE collection_id = ? AND file_id = ?")
				.params(collectionId, fileId)
				.query(this::file)
				.single();
		});
	}

	public Mono<CollectionFile> findFile(String collectionId, String fileId) {
		return db.read(() -> db.jdbc()
			.sql("SELECT * FROM knowledge_files WHERE collection_id = ? AND file_id = ?")
			.params(collectionId, fileId)
			.query(this::file)
			.optional()
			.orElse(null));
	}

	/** A collection's files, oldest first. */
	public Mono<List<CollectionFile>> listFiles(String collectionId) {
		return db.read(() -> db.jdbc()
			.sql("SELECT * FROM knowledge_files WHERE collection_id = ? ORDER BY created_at, file_id")
			.param(collectionId)
			.query(this::file)
			.list());
	}

	public Mono<Boolean> deleteFile(String collectionId, String fileId) {
		return db.write(() -> db.jdbc()
			.sql("DELETE FROM knowledge_files WHERE collection_id = ? AND file_id = ?")
			.params(collectionId, fileId)
			.update() > 0);
	}

	/** Files whose ingestion a stop interrupted. */
	public Mono<List<CollectionFile>> filesInProgress() {
		return db.read(() -> db.jdbc()
			.sql("SELECT * FROM knowledge_files WHERE status = 'in_progress' ORDER BY created_at")
			.query(this::file)
			.list());
	}

	/**
	 * Whether an error is a unique constraint violation: Spring translates PostgreSQL's (SQL state 23505) but not
	 * SQLite's (result code 19, SQLITE_CONSTRAINT, "UNIQUE constraint failed").
	 */
	static boolean uniqueViolation(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof DuplicateKeyException) {
				return true;
			}
			if (cause instanceof SQLException sql && ("23505".equals(sql.getSQLState())
					|| (sql.getMessage() != null && sql.getMessage().contains("UNIQUE constraint failed")))) {
				return true;
			}
		}
		return false;
	}

	private KnowledgeCollection collection(ResultSet rs, int row) throws SQLException {
		return new KnowledgeCollection(rs.getString("id"), rs.getString("owner_id"), rs.getString("name"),
				rs.getString("description"), rs.getInt("shared") != 0, rs.getString("embedding_model"),
				read(rs.getString("metadata"), STRINGS), rs.getLong("created_at"), rs.getLong("last_active_at"));
	}

	private CollectionFile file(ResultSet rs, int row) throws SQLException {
		return new CollectionFile(rs.getString("collection_id"), rs.getString("file_id"), rs.getString("filename"),
				rs.getString("added_by"), rs.getString("status"), rs.getLong("usage_bytes"), rs.getInt("chunks"),
				rs.getInt("chunk_size"), read(rs.getString("attributes"), VALUES), rs.getString("error_code"),
				rs.getString("error_message"), rs.getLong("created_at"), rs.getLong("updated_at"));
	}

	private String write(Map<String, ?> map) {
		return map == null ? null : json.writeValueAsString(map);
	}

	private <T> Map<String, T> read(String text, TypeReference<Map<String, T>> type) {
		return text == null ? null : new LinkedHashMap<>(json.readValue(text, type));
	}
}
