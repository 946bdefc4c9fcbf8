package io.toolgate.gateway.approval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.JdbcExecutor;

/** Approvals in the database. A decision is an update of a still-pending row, so only the first one counts. */
@Repository
public class ApprovalRepository {

	private final JdbcExecutor db;

	public ApprovalRepository(JdbcExecutor db) {
		this.db = db;
	}

	public Mono<Approval> insert(Approval approval) {
		return db.write(() -> {
			db.jdbc()
				.sql("INSERT INTO approvals (id, turn_id, user_id, session_id, tool, tool_call_id, arguments, arguments_sha256,"
						+ " status, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(approval.id(), approval.turnId(), approval.userId(), approval.sessionId(), approval.tool(),
						approval.toolCallId(), approval.arguments(), approval.argumentsSha256(), approval.status(),
						approval.expiresAt(), approval.createdAt())
				.update();
			return approval;
		});
	}

	public Mono<Approval> findById(String id) {
		return db.read(() -> db.jdbc().sql("SELECT * FROM approvals WHERE id = ?").param(id).query(ApprovalRepository::map)
			.optional()
			.orElse(null));
	}

	/** Records a decision if the approval is still pending and unexpired; true when this call decided it. */
	public Mono<Boolean> decide(String id, String status, String decidedBy, String reason, long now) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE approvals SET status = ?, decided_by = ?, reason = ?, decided_at = ? "
					+ "WHERE id = ? AND status = 'pending' AND expires_at > ?")
			.params(status, decidedBy, reason, now, id, now)
			.update() > 0);
	}

	/** The status of an approval's turn and why it failed, if it did (empty when the turn is gone). */
	public Mono<TurnOutcome> turnOf(String turnId) {
		return db.read(() -> db.jdbc()
			.sql("SELECT status, failure FROM tool_turns WHERE id = ?")
			.param(turnId)
			.query((rs, row) -> new TurnOutcome(rs.getString("status"), rs.getString("failure")))
			.optional()
			.orElse(null));
	}

	/** Where an approval's turn is: waiting, running, done or failed (with the reason). */
	public record TurnOutcome(String status, String failure) {
	}

	/** How many approvals of this user wait for a decision now. */
	public Mono<Integer> countPending(String userId, long now) {
		return db.read(() -> db.jdbc()
			.sql("SELECT COUNT(*) FROM approvals WHERE user_id = ? AND status = 'pending' AND expires_at > ?")
			.params(userId, now)
			.query(Integer.class)
			.single());
	}

	/** Marks an approval expired (its waiter gave up); true when it was still pending. */
	public Mono<Boolean> expire(String id, long now) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE approvals SET status = 'expired', reason = 'no decision in time', decided_at = ? "
					+ "WHERE id = ? AND status = 'pending'")
			.params(now, id)
			.update() > 0);
	}

	public Mono<List<Approval>> list(String userId, String status, int limit) {
		StringBuilder sql = new StringBuilder("SELECT * FROM approvals WHERE 1 = 1");
		java.util.List<Object> params = new java.util.ArrayList<>();
		if (userId != null) {
			sql.append(" AND user_id = ?");
			params.add(userId);
		}
		if (status != null) {
			sql.append(" AND status = ?");
			params.add(status);
		}
		sql.append(" ORDER BY created_at DESC LIMIT ?");
		params.add(limit);
		return db.read(() -> db.jdbc().sql(sql.toString()).params(params).query(ApprovalRepository::map).list());
	}

	static Approval map(ResultSet rs, int row) throws SQLException {
		long decidedAt = rs.getLong("decided_at");
		Long decided = rs.wasNull() ? null : decidedAt;
		return new Approval(rs.getString("id"), rs.getString("turn_id"), rs.getString("user_id"),
				rs.getString("session_id"), rs.getString("tool"), rs.getString("tool_call_id"), rs.getString("arguments"),
				rs.getString("arguments_sha256"), rs.getString("status"), rs.getString("reason"),
				rs.getString("decided_by"), decided, rs.getLong("expires_at"), rs.getLong("created_at"));
	}
}
