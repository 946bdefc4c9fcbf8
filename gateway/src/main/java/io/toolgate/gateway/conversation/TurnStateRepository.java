package io.toolgate.gateway.conversation;

import java.util.List;

import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.JdbcExecutor;
import io.toolgate.gateway.openai.wire.ChatMessage;

/**
 * Turn states of the tool loop (JSON) and who runs them. A turn is persisted once it needs an approval. The
 * instance that runs it, or holds a request waiting on it, is its {@code owner} until {@code lease_until}; it
 * renews the lease while it is alive. Every change of hands is one conditional UPDATE, so of two instances
 * that want the same turn exactly one gets it.
 */
@Repository
public class TurnStateRepository {

	private final JdbcExecutor db;

	private final JsonMapper json;

	public TurnStateRepository(JdbcExecutor db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * A stored turn. The request's messages are also the tail of the conversation before the generated
	 * messages, so they are stored once: {@code newMessages} says how many to take back from there
	 * ({@code -1}: the request kept its own).
	 */
	record StoredTurn(TurnState state, int newMessages) {
	}

	/** A turn that is {@code running} or {@code waiting} and whose owner's lease ran out. */
	public record StaleTurn(String id, String status, String owner) {
	}

	/**
	 * Stores the state with a status (waiting, running), inserting or replacing it, held by {@code owner} until
	 * {@code leaseUntil} (a null owner: nobody holds it, whoever decides its approval may continue it).
	 */
	public Mono<Void> save(TurnState state, String status, String owner, Long leaseUntil, long now) {
		String body = json.writeValueAsString(compact(state));
		return db.write(() -> db.jdbc()
			.sql("INSERT INTO tool_turns (id, user_id, session_id, status, state, owner, lease_until, created_at, updated_at)"
					+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
					+ " state = excluded.state, owner = excluded.owner, lease_until = excluded.lease_until,"
					+ " updated_at = excluded.updated_at")
			.params(state.id(), state.userId(), state.sessionId(), status, body, owner, leaseUntil, now, now)
			.update()).then();
	}

	public Mono<TurnState> load(String id) {
		return db.read(() -> db.jdbc()
			.sql("SELECT state FROM tool_turns WHERE id = ?")
			.param(id)
			.query((rs, row) -> expand(rs.getString("state")))
			.optional()
			.orElse(null));
	}

	/**
	 * Claims a waiting turn to continue it: true for exactly one caller. A turn held by another live
	 * instance (a request there waits on it) is not claimable: that instance continues it.
	 */
	public Mono<Boolean> claim(String id, String owner, long now, long leaseUntil) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE tool_turns SET status = 'running', owner = ?, lease_until = ?, updated_at = ? WHERE id = ?"
					+ " AND status = 'waiting' AND (owner IS NULL OR owner = ? OR lease_until < ?)")
			.params(owner, leaseUntil, now, id, owner, now)
			.update() > 0);
	}

	/** Renews the leases of every turn this owner holds. */
	public Mono<Integer> renew(String owner, long leaseUntil) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE tool_turns SET lease_until = ? WHERE owner = ? AND status IN ('waiting', 'running')")
			.params(leaseUntil, owner)
			.update());
	}

	/**
	 * Lets go of a turn this owner holds without finishing it: a waiting one stays waiting for anyone to
	 * continue; a running one (its client went away mid-step) fails with the reason.
	 */
	public Mono<Void> release(String id, String owner, String reason, long now) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE tool_turns SET status = CASE WHEN status = 'waiting' THEN 'waiting' ELSE 'failed' END,"
					+ " failure = CASE WHEN status = 'waiting' THEN failure ELSE ? END,"
					+ " owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND owner = ?"
					+ " AND status IN ('waiting', 'running')")
			.params(reason, now, id, owner)
			.update()).then();
	}

	/** Ends a turn (done, failed, or waiting with nobody holding it) unless another instance took it over. */
	public Mono<Void> finish(String id, String status, String owner, String failure, long now) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE tool_turns SET status = ?, failure = ?, owner = NULL, lease_until = NULL, updated_at = ?"
					+ " WHERE id = ? AND (owner IS NULL OR owner = ?)")
			.params(status, failure, now, id, owner)
			.update()).then();
	}

	/** Turns held by an instance whose lease ran out before {@code now}. */
	public Mono<List<StaleTurn>> stale(long now, int limit) {
		return db.read(() -> db.jdbc()
			.sql("SELECT id, status, owner FROM tool_turns WHERE status IN ('waiting', 'running') AND owner IS NOT NULL"
					+ " AND lease_until < ? ORDER BY lease_until LIMIT ?")
			.params(now, limit)
			.query((rs, row) -> new StaleTurn(rs.getString("id"), rs.getString("status"), rs.getString("owner")))
			.list());
	}

	/** Fails a running turn whose owner died, if it still is so; true for exactly one caller. */
	public Mono<Boolean> failStale(String id, String owner, String reason, long now) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE tool_turns SET status = 'failed', failure = ?, owner = NULL, lease_until = NULL, updated_at = ?"
					+ " WHERE id = ? AND status = 'running' AND owner = ? AND lease_until < ?")
			.params(reason, now, id, owner, now)
			.update() > 0);
	}

	/** Hands a waiting turn whose owner died back to whoever decides its approval. */
	public Mono<Boolean> releaseStale(String id, String owner, long now) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE tool_turns SET owner = NULL, lease_until = NULL, updated_at = ?"
					+ " WHERE id = ? AND status = 'waiting' AND owner = ? AND lease_until < ?")
			.params(now, id, owner, now)
			.update() > 0);
	}

	/**
	 * Waiting turns that nobody holds whose approval was decided (or expired) before {@code decidedBefore}:
	 * their continuation was lost (the deciding instance stopped, or the waiting request went away just then).
	 */
	public Mono<List<String>> orphaned(long decidedBefore, int limit) {
		// Only the turn's latest approval counts: the earlier ones were decided in earlier steps.
		return db.read(() -> db.jdbc()
			.sql("SELECT t.id FROM tool_turns t JOIN approvals a ON a.turn_id = t.id WHERE t.status = 'waiting'"
					+ " AND t.owner IS NULL AND a.created_at = (SELECT MAX(created_at) FROM approvals WHERE turn_id = t.id)"
					+ " AND ((a.status <> 'pending' AND a.decided_at < ?) OR (a.status = 'pending' AND a.expires_at < ?))"
					+ " ORDER BY t.updated_at LIMIT ?")
			.params(decidedBefore, decidedBefore, limit)
			.query((rs, row) -> rs.getString("id"))
			.list()
			.stream()
			.distinct()
			.toList());
	}


	/** Deletes the states of turns that ended before {@code before}; the rows stay for the approvals' history. */
	public Mono<Integer> forgetFinished(long before) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE tool_turns SET state = '{}' WHERE status IN ('done', 'failed') AND updated_at < ? AND state <> '{}'")
			.param(before)
			.update());
	}

	private StoredTurn compact(TurnState state) {
		List<ChatMessage> requestMessages = state.request().messages();
		List<ChatMessage> base = state.conversation().subList(0,
				Math.max(0, state.conversation().size() - state.generated().size()));
		int n = requestMessages == null ? 0 : requestMessages.size();
		boolean tail = requestMessages != null && n <= base.size()
				&& base.subList(base.size() - n, base.size()).equals(requestMessages);
		if (!tail) {
			return new StoredTurn(state, -1);
		}
		return new StoredTurn(new TurnState(state.id(), state.userId(), state.username(), state.apiKeyId(),
				state.sessionId(), state.profile(), state.upstreamModel(), state.request().withMessages(List.of()),
				state.conversation(), state.generated(), state.serverTools(), state.step(), state.maxSteps(),
				state.pendingCalls(), state.results(), state.clientCalls(), state.waitingApprovalId(), state.usage(),
				state.renderToolActivity()), n);
	}

	private TurnState expand(String body) {
		JsonNode node = json.readTree(body);
		if (!node.has("newMessages")) {
			return json.treeToValue(node, TurnState.class); // stored before V5: the whole state
		}
		StoredTurn stored = json.treeToValue(node, StoredTurn.class);
		TurnState state = stored.state();
		if (stored.newMessages() < 0) {
			return state;
		}
		int end = state.conversation().size() - state.generated().size();
		List<ChatMessage> newMessages = state.conversation().subList(end - stored.newMessages(), end);
		return new TurnState(state.id(), state.userId(), state.username(), state.apiKeyId(), state.sessionId(),
				state.profile(), state.upstreamModel(), state.request().withMessages(List.copyOf(newMessages)),
				state.conversation(), state.generated(), state.serverTools(), state.step(), state.maxSteps(),
				state.pendingCalls(), state.results(), state.clientCalls(), state.waitingApprovalId(), state.usage(),
				state.renderToolActivity());
	}
}
