package io.toolgate.gateway.conversation;

import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.JdbcExecutor;

/** Turn states of the tool loop (JSON), kept while a turn waits for an approval. */
@Repository
public class TurnStateRepository {

	private final JdbcExecutor db;

	private final JsonMapper json;

	public TurnStateRepository(JdbcExecutor db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/** Stores the state with a status (waiting, running, done, failed), inserting or replacing it. */
	public Mono<Void> save(TurnState state, String status, long now) {
		String body = json.writeValueAsString(state);
		return db.write(() -> db.jdbc()
			.sql("INSERT INTO tool_turns (id, user_id, session_id, status, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
					+ "ON CONFLICT (id) DO UPDATE SET status = excluded.status, state = excluded.state, updated_at = excluded.updated_at")
			.params(state.id(), state.userId(), state.sessionId(), status, body, now, now)
			.update()).then();
	}

	public Mono<TurnState> load(String id) {
		return db.read(() -> db.jdbc()
			.sql("SELECT state FROM tool_turns WHERE id = ?")
			.param(id)
			.query((rs, row) -> json.readValue(rs.getString("state"), TurnState.class))
			.optional()
			.orElse(null));
	}

	/** Claims a waiting turn for resumption; false when it is not waiting (already resumed or finished). */
	public Mono<Boolean> claim(String id, long now) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE tool_turns SET status = 'running', updated_at = ? WHERE id = ? AND status = 'waiting'")
			.params(now, id)
			.update() > 0);
	}

	public Mono<Void> finish(String id, String status, long now) {
		return db.write(() -> db.jdbc()
			.sql("UPDATE tool_turns SET status = ?, updated_at = ? WHERE id = ?")
			.params(status, now, id)
			.update()).then();
	}
}
