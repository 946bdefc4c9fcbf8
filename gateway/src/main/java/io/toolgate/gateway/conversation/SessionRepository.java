package io.toolgate.gateway.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.JdbcExecutor;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.openai.wire.Usage;

/**
 * Chat sessions, their messages (stored as OpenAI wire messages) and token usage. Sessions are keyed by
 * (user, session id): the same id used by two users names two separate sessions.
 */
@Repository
public class SessionRepository {

	private final JdbcExecutor db;

	private final JsonMapper json;

	public SessionRepository(JdbcExecutor db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/** The session's most recent {@code limit} messages, oldest first. */
	public Mono<List<ChatMessage>> recentMessages(String userId, String sessionId, int limit) {
		return db.read(() -> {
			List<ChatMessage> newestFirst = db.jdbc()
				.sql("SELECT message FROM chat_messages WHERE user_id = ? AND session_id = ? ORDER BY id DESC LIMIT ?")
				.params(userId, sessionId, limit)
				.query((rs, row) -> json.readValue(rs.getString("message"), ChatMessage.class))
				.list();
			List<ChatMessage> oldestFirst = new ArrayList<>(newestFirst);
			Collections.reverse(oldestFirst);
			return oldestFirst;
		});
	}

	/** Stores a finished turn (its new messages and usage) in one transaction. */
	public Mono<Void> recordTurn(Turn turn) {
		return db.write(() -> {
			if (turn.sessionId() != null) {
				String title = title(turn.messages());
				db.jdbc()
					.sql("INSERT INTO chat_sessions (user_id, id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
							+ "ON CONFLICT (user_id, id) DO UPDATE SET updated_at = excluded.updated_at")
					.params(turn.userId(), turn.sessionId(), title, turn.at(), turn.at())
					.update();
				for (ChatMessage message : turn.messages()) {
					db.jdbc()
						.sql("INSERT INTO chat_messages (user_id, session_id, role, message, created_at) VALUES (?, ?, ?, ?, ?)")
						.params(turn.userId(), turn.sessionId(), message.role(), json.writeValueAsString(message), turn.at())
						.update();
				}
			}
			Usage usage = turn.usage();
			db.jdbc()
				.sql("INSERT INTO usage_records (user_id, api_key_id, model, session_id, prompt_tokens, completion_tokens, created_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?)")
				.params(turn.userId(), turn.apiKeyId(), turn.model(), turn.sessionId(),
						usage == null ? 0 : usage.promptTokens(), usage == null ? 0 : usage.completionTokens(), turn.at())
				.update();
			return null;
		});
	}

	/**
	 * Stores tokens used outside a chat turn's own model calls (e.g. a tool asking a model through the model-client
	 * host service): a usage row only, no session or messages.
	 */
	public Mono<Void> recordUsage(String userId, String apiKeyId, String model, String sessionId, Usage usage, long at) {
		return db.write(() -> {
			db.jdbc()
				.sql("INSERT INTO usage_records (user_id, api_key_id, model, session_id, prompt_tokens, completion_tokens, created_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?)")
				.params(userId, apiKeyId, model, sessionId, usage == null ? 0 : usage.promptTokens(),
						usage == null ? 0 : usage.completionTokens(), at)
				.update();
			return null;
		});
	}

	/** One finished request: who, which session (may be null), the messages to keep, the tokens used. */
	public record Turn(String userId, String apiKeyId, String sessionId, String model, List<ChatMessage> messages,
			Usage usage, long at) {
	}

	public Mono<List<SessionView>> list(String userId) {
		return db.read(() -> db.jdbc()
			.sql("SELECT s.user_id, s.id, s.title, s.created_at, s.updated_at, "
					+ "(SELECT COUNT(*) FROM chat_messages m WHERE m.user_id = s.user_id AND m.session_id = s.id) AS messages "
					+ "FROM chat_sessions s" + (userId == null ? "" : " WHERE s.user_id = ?") + " ORDER BY s.updated_at DESC")
			.params(userId == null ? List.of() : List.of(userId))
			.query((rs, row) -> new SessionView(rs.getString("id"), rs.getString("user_id"), rs.getString("title"),
					rs.getLong("created_at"), rs.getLong("updated_at"), rs.getLong("messages")))
			.list());
	}

	public Mono<Boolean> exists(String userId, String sessionId) {
		return db.read(() -> db.jdbc()
			.sql("SELECT COUNT(*) FROM chat_sessions WHERE user_id = ? AND id = ?")
			.params(userId, sessionId)
			.query(Long.class)
			.single() > 0);
	}

	public Mono<List<StoredMessage>> history(String userId, String sessionId) {
		return db.read(() -> db.jdbc()
			.sql("SELECT id, message, created_at FROM chat_messages WHERE user_id = ? AND session_id = ? ORDER BY id")
			.params(userId, sessionId)
			.query((rs, row) -> new StoredMessage(rs.getLong("id"), json.readValue(rs.getString("message"), ChatMessage.class),
					rs.getLong("created_at")))
			.list());
	}

	public Mono<Boolean> delete(String userId, String sessionId) {
		return db.write(() -> {
			db.jdbc().sql("DELETE FROM chat_messages WHERE user_id = ? AND session_id = ?").params(userId, sessionId).update();
			return db.jdbc().sql("DELETE FROM chat_sessions WHERE user_id = ? AND id = ?").params(userId, sessionId).update() > 0;
		});
	}

	private static String title(List<ChatMessage> messages) {
		for (ChatMessage message : messages) {
			if ("user".equals(message.role())) {
				String text = io.toolgate.gateway.upstream.ChatMessageTranslator.text(message.content()).strip();
				return text.length() > 80 ? text.substring(0, 80) + "..." : text;
			}
		}
		return null;
	}

	public record SessionView(String id, String userId, String title, long createdAt, long updatedAt, long messages) {
	}

	public record StoredMessage(long id, ChatMessage message, long createdAt) {
	}
}
