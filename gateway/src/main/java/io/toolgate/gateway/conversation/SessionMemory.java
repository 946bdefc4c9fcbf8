package io.toolgate.gateway.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.openai.wire.ChatMessage;

/**
 * The gateway-kept conversation of a session: the client sends only new messages and the stored history
 * (the most recent {@code toolgate.sessions.max-history-messages}) goes before them.
 */
@Service
public class SessionMemory {

	private static final Pattern SESSION_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

	private final SessionRepository sessions;

	private final SessionProperties properties;

	public SessionMemory(SessionRepository sessions, SessionProperties properties) {
		this.sessions = sessions;
		this.properties = properties;
	}

	public static String validSessionId(String sessionId) {
		if (sessionId == null) {
			return null;
		}
		if (!SESSION_ID.matcher(sessionId).matches()) {
			throw OpenAiException.invalidRequest(
					"'session_id' has 1 to 128 letters, digits or the characters . _ : -", "session_id");
		}
		return sessionId;
	}

	/** The stored history followed by the new messages. */
	public Mono<List<ChatMessage>> withHistory(String userId, String sessionId, List<ChatMessage> newMessages) {
		return sessions.recentMessages(userId, sessionId, properties.maxHistoryMessages()).map(history -> {
			List<ChatMessage> all = new ArrayList<>(startAtATurn(history));
			all.addAll(newMessages);
			return all;
		});
	}

	/** A cut history must not begin inside a tool exchange (a tool result without its call). */
	private static List<ChatMessage> startAtATurn(List<ChatMessage> history) {
		int start = 0;
		while (start < history.size() && !"user".equals(history.get(start).role())
				&& !"system".equals(history.get(start).role()) && !"developer".equals(history.get(start).role())) {
			start++;
		}
		return history.subList(start, history.size());
	}
}
