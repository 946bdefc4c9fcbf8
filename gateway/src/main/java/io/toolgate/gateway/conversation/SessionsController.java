package io.toolgate.gateway.conversation;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.OpenAiException;

/**
 * Seed-compatible session API. A user sees only their own sessions; an admin may name another user with
 * {@code ?user_id=} (or list everyone's with {@code ?all=true}). Another user's session answers 404.
 */
@RestController
public class SessionsController {

	private final SessionRepository sessions;

	public SessionsController(SessionRepository sessions) {
		this.sessions = sessions;
	}

	@GetMapping("/api/chat/sessions")
	public Mono<List<SessionRepository.SessionView>> list(@AuthenticationPrincipal CurrentUser caller,
			@RequestParam(name = "all", defaultValue = "false") boolean all,
			@RequestParam(name = "user_id", required = false) String userId) {
		if ((all || userId != null) && !caller.admin()) {
			return sessions.list(caller.id());
		}
		return sessions.list(all ? null : userId != null ? userId : caller.id());
	}

	@GetMapping("/api/chat/history/{sessionId}")
	public Mono<Map<String, Object>> history(@PathVariable String sessionId, @AuthenticationPrincipal CurrentUser caller,
			@RequestParam(name = "user_id", required = false) String userId) {
		String owner = owner(caller, userId);
		return sessions.exists(owner, sessionId)
			.flatMap(exists -> exists ? sessions.history(owner, sessionId) : Mono.error(notFound(sessionId)))
			.map(messages -> Map.of("session_id", sessionId, "messages",
					messages.stream().map(SessionRepository.StoredMessage::message).toList()));
	}

	@DeleteMapping("/api/chat/sessions/{sessionId}")
	public Mono<Map<String, Object>> delete(@PathVariable String sessionId, @AuthenticationPrincipal CurrentUser caller,
			@RequestParam(name = "user_id", required = false) String userId) {
		String owner = owner(caller, userId);
		return sessions.delete(owner, sessionId)
			.flatMap(deleted -> deleted ? Mono.just(Map.<String, Object>of("session_id", sessionId, "deleted", true))
					: Mono.error(notFound(sessionId)));
	}

	/** Whose session is meant: the caller's, or for an admin the named user's. */
	private static String owner(CurrentUser caller, String userId) {
		return userId != null && caller.admin() ? userId : caller.id();
	}

	private static OpenAiException notFound(String sessionId) {
		return new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error", "No session '" + sessionId + "'.",
				"session_id", "not_found", null);
	}
}
