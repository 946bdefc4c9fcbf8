package io.toolgate.gateway.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

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

	public Mono<List<User>> list() {
		return db.read(() -> db.jdbc().sql("SELECT * FROM users ORDER BY created_at, username").query(UserRepository::map).list());
	}

	public Mono<User> insert(User user) {
		return db.write(() -> insertNow(user));
	}

	User insertNow(User user) {
		db.jdbc()
			.sql("INSERT INTO users (id, username, password_hash, role, disabled, external, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(user.id(), user.username(), user.passwordHash(), user.role().dbValue(), user.disabled() ? 1 : 0,
					user.external() ? 1 : 0, user.createdAt())
			.update();
		return user;
	}

	public Mono<User> update(User user) {
		return db.write(() -> {
			db.jdbc()
				.sql("UPDATE users SET password_hash = ?, role = ?, disabled = ? WHERE id = ?")
				.params(user.passwordHash(), user.role().dbValue(), user.disabled() ? 1 : 0, user.id())
				.update();
			return user;
		});
	}

	long countNow() {
		return db.jdbc().sql("SELECT COUNT(*) FROM users").query(Long.class).single();
	}

	static User map(ResultSet rs, int row) throws SQLException {
		return new User(rs.getString("id"), rs.getString("username"), rs.getString("password_hash"),
				Role.fromDb(rs.getString("role")), rs.getInt("disabled") != 0, rs.getInt("external") != 0,
				rs.getLong("created_at"));
	}
}
