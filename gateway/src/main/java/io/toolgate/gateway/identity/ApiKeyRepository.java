package io.toolgate.gateway.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.JdbcExecutor;

/** API keys in the database. */
@Repository
public class ApiKeyRepository {

	private final JdbcExecutor db;

	public ApiKeyRepository(JdbcExecutor db) {
		this.db = db;
	}

	public Mono<ApiKey> insert(ApiKey key) {
		return db.write(() -> insertNow(key));
	}

	ApiKey insertNow(ApiKey key) {
		db.jdbc()
			.sql("INSERT INTO api_keys (id, user_id, name, key_hash, key_hint, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(key.id(), key.userId(), key.name(), key.keyHash(), key.keyHint(), key.createdAt(), key.expiresAt())
			.update();
		return key;
	}

	/** The key with this hash and its owner, in one query (the hot path of every request). */
	public Mono<KeyAndUser> findByHash(String hash) {
		return db.read(() -> db.jdbc()
			.sql("SELECT k.*, u.username, u.role, u.disabled FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = ?")
			.param(hash)
			.query((rs, row) -> new KeyAndUser(map(rs, row), rs.getString("username"), Role.fromDb(rs.getString("role")),
					rs.getInt("disabled") != 0))
			.optional()
			.orElse(null));
	}

	public record KeyAndUser(ApiKey key, String username, Role role, boolean userDisabled) {
	}

	public Mono<ApiKey> findById(String id) {
		return db.read(() -> db.jdbc().sql("SELECT * FROM api_keys WHERE id = ?").param(id).query(ApiKeyRepository::map)
			.optional()
			.orElse(null));
	}

	public Mono<List<ApiKey>> listByUser(String userId) {
		return db.read(() -> db.jdbc()
			.sql("SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at")
			.param(userId)
			.query(ApiKeyRepository::map)
			.list());
	}

	public Mono<List<ApiKey>> listAll() {
		return db.read(() -> db.jdbc().sql("SELECT * FROM api_keys ORDER BY created_at").query(ApiKeyRepository::map).list());
	}

	public Mono<Boolean> revoke(String id, long now) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
			.params(now, id)
			.update() > 0);
	}

	public Mono<Void> touch(String id, long now) {
		return db.write(() -> db.jdbc().sql("UPDATE api_keys SET last_used_at = ? WHERE id = ?").params(now, id).update())
			.then();
	}

	Optional<ApiKey> findByHashNow(String hash) {
		return db.jdbc().sql("SELECT * FROM api_keys WHERE key_hash = ?").param(hash).query(ApiKeyRepository::map).optional();
	}

	static ApiKey map(ResultSet rs, int row) throws SQLException {
		return new ApiKey(rs.getString("id"), rs.getString("user_id"), rs.getString("name"), rs.getString("key_hash"),
				rs.getString("key_hint"), rs.getLong("created_at"), nullableLong(rs, "last_used_at"),
				nullableLong(rs, "expires_at"), nullableLong(rs, "revoked_at"));
	}

	private static Long nullableLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}
}
