package io.toolgate.gateway.files;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.JdbcExecutor;

/** File records. Every read is scoped to an owner; an expired file is as absent as a deleted one. */
@Repository
public class FileRepository {

	private final JdbcExecutor db;

	public FileRepository(JdbcExecutor db) {
		this.db = db;
	}

	public Mono<StoredFile> insert(StoredFile file) {
		return db.write(() -> {
			db.jdbc()
				.sql("INSERT INTO files (id, user_id, filename, stored_name, purpose, media_type, bytes, created_at, expires_at)"
						+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(file.id(), file.userId(), file.filename(), file.storedName(), file.purpose(), file.mediaType(),
						file.bytes(), file.createdAt(), file.expiresAt())
				.update();
			return file;
		});
	}

	/** How many files a user has that have not expired, and their bytes together. */
	public record Usage(long files, long bytes) {
	}

	public Mono<Usage> usage(String userId, long now) {
		return db.read(() -> db.jdbc()
			.sql("SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS total FROM files WHERE user_id = ? "
					+ "AND (expires_at IS NULL OR expires_at > ?)")
			.params(userId, now)
			.query((rs, row) -> new Usage(rs.getLong("n"), rs.getLong("total")))
			.single());
	}

	/**
	 * Inserts the file only if the user's files stay within the quota with it, checked in the same statement so that
	 * parallel uploads cannot pass it together; false when it would not fit.
	 * @param maxFiles 0 for no limit
	 * @param maxBytes 0 for no limit
	 */
	public Mono<Boolean> insertWithinQuota(StoredFile file, long maxFiles, long maxBytes, long now) {
		return db.write(() -> db.jdbc()
			.sql("INSERT INTO files (id, user_id, filename, stored_name, purpose, media_type, bytes, created_at, expires_at)"
					+ " SELECT ?, ?, ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT)"
					+ " WHERE (CAST(? AS BIGINT) = 0 OR (SELECT COUNT(*) FROM files WHERE user_id = ?"
					+ " AND (expires_at IS NULL OR expires_at > ?)) < CAST(? AS BIGINT))"
					+ " AND (CAST(? AS BIGINT) = 0 OR (SELECT COALESCE(SUM(bytes), 0) FROM files WHERE user_id = ?"
					+ " AND (expires_at IS NULL OR expires_at > ?)) + CAST(? AS BIGINT) <= CAST(? AS BIGINT))")
			.params(file.id(), file.userId(), file.filename(), file.storedName(), file.purpose(), file.mediaType(),
					file.bytes(), file.createdAt(), file.expiresAt(),
					maxFiles, file.userId(), now, maxFiles,
					maxBytes, file.userId(), now, file.bytes(), maxBytes)
			.update() == 1);
	}

	/** The user's file, empty when there is none (or it is someone else's, or expired). */
	public Mono<StoredFile> find(String userId, String id, long now) {
		return db.read(() -> db.jdbc()
			.sql("SELECT * FROM files WHERE id = ? AND user_id = ? AND (expires_at IS NULL OR expires_at > ?)")
			.params(id, userId, now)
			.query(FileRepository::map)
			.optional()
			.orElse(null));
	}

	/**
	 * One page of the user's files in {@code created_at} order (ties broken by id), after a cursor file.
	 * @param after the cursor file, or null for the first page
	 * @param limit rows wanted; one more is read to tell whether there are more
	 */
	public Mono<List<StoredFile>> list(String userId, String purpose, StoredFile after, boolean ascending, int limit,
			long now) {
		return db.read(() -> {
			StringBuilder sql = new StringBuilder(
					"SELECT * FROM files WHERE user_id = ? AND (expires_at IS NULL OR expires_at > ?)");
			List<Object> params = new ArrayList<>(List.of(userId, now));
			if (purpose != null) {
				sql.append(" AND purpose = ?");
				params.add(purpose);
			}
			if (after != null) {
				String op = ascending ? ">" : "<";
				sql.append(" AND (created_at ").append(op).append(" ? OR (created_at = ? AND id ").append(op).append(" ?))");
				params.addAll(List.of(after.createdAt(), after.createdAt(), after.id()));
			}
			String direction = ascending ? "ASC" : "DESC";
			sql.append(" ORDER BY created_at ").append(direction).append(", id ").append(direction).append(" LIMIT ?");
			params.add(limit + 1);
			return db.jdbc().sql(sql.toString()).params(params).query(FileRepository::map).list();
		});
	}

	/** Deletes the user's file record; false when the user has no such file. */
	public Mono<Boolean> delete(String userId, String id) {
		return db.write(() -> db.jdbc().sql("DELETE FROM files WHERE id = ? AND user_id = ?").params(id, userId).update() > 0);
	}

	/** Files whose expiry has passed (at most {@code limit}). */
	public Mono<List<StoredFile>> expired(long now, int limit) {
		return db.read(() -> db.jdbc()
			.sql("SELECT * FROM files WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?")
			.params(now, limit)
			.query(FileRepository::map)
			.list());
	}

	static StoredFile map(ResultSet rs, int row) throws SQLException {
		long expires = rs.getLong("expires_at");
		Long expiresAt = rs.wasNull() ? null : expires;
		return new StoredFile(rs.getString("id"), rs.getString("user_id"), rs.getString("filename"),
				rs.getString("stored_name"), rs.getString("purpose"), rs.getString("media_type"), rs.getLong("bytes"),
				rs.getLong("created_at"), expiresAt);
	}
}
