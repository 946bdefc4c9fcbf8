package io.toolgate.gateway.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.JdbcExecutor;

/** Users in the database. */
@Repository
public class UserRepository {

	private final JdbcExecutor db;

	public UserRepository(JdbcExecutor db) {
		this.db = db;
	}

	public Mono<User> findById(String id) {
		return db.read(() -> findByIdNow(id).orElse(null));
	}

	Optional<User> findByIdNow(String id) {
		return db.jdbc().sql("SELECT * FROM users WHERE id = ?").param(id).query(UserRepository::map).optional();
	}

	public Mono<User> findByUsername(String username) {
		return db.read(() -> findByUsernameNow(username).orElse(null));
	}

	Optional<User> findByUsernameNow(String username) {
		return db.jdbc().sql("SELECT * FROM users WHERE username = ?").param(username).query(UserRepository::map).optional();
	}

	/** The account bound to an external issuer's (iss, sub). */
	public Mono<User> findByExternalIdentity(ExternalIdentity identity) {
		return db.read(() -> findByExternalIdentityNow(identity).orElse(null));
	}

	Optional<User> findByExternalIdentityNow(ExternalIdentity identity) {
		return db.jdbc()
			.sql("SELECT * FROM users WHERE external_issuer = ? AND external_subject = ?")
			.params(identity.issuer(), identity.subject())
			.query(UserRepository::map)
			.optional();
	}

	public Mono<List<User>> list() {
		return db.read(() -> db.jdbc().sql("SELECT * FROM users ORDER BY created_at, username").query(UserRepository::map).list());
	}

	public Mono<User> insert(User user) {
		return db.write(() -> insertNow(user));
	}

	User insertNow(User user) {
		db.jdbc()
			.sql("INSERT INTO users (id, username, password_hash, role, disabled, external, created_at, external_issuer,"
					+ " external_subject, token_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(user.id(), user.username(), user.passwordHash(), user.role().dbValue(), user.disabled() ? 1 : 0,
					user.external() ? 1 : 0, user.createdAt(),
					user.externalIdentity() == null ? null : user.externalIdentity().issuer(),
					user.externalIdentity() == null ? null : user.externalIdentity().subject(), user.tokenVersion())
			.update();
		return user;
	}

	/** Stores a user's credentials (password, role, disabled) and its token version. */
	public Mono<User> update(User user) {
		return db.write(() -> {
			db.jdbc()
				.sql("UPDATE users SET password_hash = ?, role = ?, disabled = ?, token_version = ? WHERE id = ?")
				.params(user.passwordHash(), user.role().dbValue(), user.disabled() ? 1 : 0, user.tokenVersion(), user.id())
				.update();
			return user;
		});
	}

	/**
	 * Inserts the user made for the first name among {@code names} that no account has yet, in one transaction;
	 * empty when all are taken.
	 */
	public Mono<User> insertUnderFirstFreeName(List<String> names, Function<String, User> user) {
		return db.write(() -> {
			for (String name : names) {
				if (findByUsernameNow(name).isEmpty()) {
					return insertNow(user.apply(name));
				}
			}
			return null;
		});
	}

	long countNow() {
		return db.jdbc().sql("SELECT COUNT(*) FROM users").query(Long.class).single();
	}

	static User map(ResultSet rs, int row) throws SQLException {
		String issuer = rs.getString("external_issuer");
		return new User(rs.getString("id"), rs.getString("username"), rs.getString("password_hash"),
				Role.fromDb(rs.getString("role")), rs.getInt("disabled") != 0, rs.getInt("external") != 0,
				rs.getLong("created_at"), issuer == null ? null : new ExternalIdentity(issuer, rs.getString("external_subject")),
				rs.getLong("token_version"));
	}
}
