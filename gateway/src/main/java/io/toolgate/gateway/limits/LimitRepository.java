package io.toolgate.gateway.limits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.JdbcExecutor;

/** The limits set on keys and users ({@code rate_limits}). */
@Repository
public class LimitRepository {

	private final JdbcExecutor db;

	public LimitRepository(JdbcExecutor db) {
		this.db = db;
	}

	/** Every stored limit; read at start-up and every refresh interval, never per request. */
	List<StoredLimit> allNow() {
		return db.jdbc().sql("SELECT * FROM rate_limits").query(LimitRepository::map).list();
	}

	Mono<List<StoredLimit>> all() {
		return db.read(this::allNow);
	}

	Mono<StoredLimit> save(StoredLimit limit) {
		return db.write(() -> {
			LimitSpec spec = limit.spec();
			String period = spec.tokenBudget() == null ? null : spec.period().wire();
			int updated = db.jdbc()
				.sql("UPDATE rate_limits SET requests_per_minute = ?, tokens_per_minute = ?, token_budget = ?, "
						+ "budget_period = ?, updated_at = ? WHERE scope = ? AND subject = ?")
				.params(spec.requestsPerMinute(), spec.tokensPerMinute(), spec.tokenBudget(), period, limit.updatedAt(),
						limit.scope().wire(), limit.subject())
				.update();
			if (updated == 0) {
				db.jdbc()
					.sql("INSERT INTO rate_limits (scope, subject, requests_per_minute, tokens_per_minute, token_budget, "
							+ "budget_period, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
					.params(limit.scope().wire(), limit.subject(), spec.requestsPerMinute(), spec.tokensPerMinute(),
							spec.tokenBudget(), period, limit.updatedAt())
					.update();
			}
			return limit;
		});
	}

	Mono<Boolean> delete(LimitScope scope, String subject) {
		return db.write(() -> db.jdbc()
			.sql("DELETE FROM rate_limits WHERE scope = ? AND subject = ?")
			.params(scope.wire(), subject)
			.update() > 0);
	}

	/** Prompt plus completion tokens recorded for {@code subject} since {@code sinceMillis}. */
	Mono<Long> usedSince(LimitScope scope, String subject, long sinceMillis) {
		return db.read(() -> db.jdbc()
			.sql("SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0) FROM usage_records WHERE "
					+ scope.usageColumn() + " = ? AND created_at >= ?")
			.params(subject, sinceMillis)
			.query(Long.class)
			.single());
	}

	private static StoredLimit map(ResultSet rs, int row) throws SQLException {
		LimitScope scope = "key".equals(rs.getString("scope")) ? LimitScope.KEY : LimitScope.USER;
		String period = rs.getString("budget_period");
		return new StoredLimit(scope, rs.getString("subject"),
				new LimitSpec(longOrNull(rs, "requests_per_minute"), longOrNull(rs, "tokens_per_minute"),
						longOrNull(rs, "token_budget"), period == null ? null : BudgetPeriod.fromWire(period)),
				rs.getLong("updated_at"));
	}

	private static Long longOrNull(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}
}
