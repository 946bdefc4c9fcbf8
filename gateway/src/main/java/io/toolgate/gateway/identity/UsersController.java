package io.toolgate.gateway.identity;

import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.openai.RequestBodyReader;

/**
 * User administration ({@code /api/users}, admins only) and the caller's own account
 * ({@code /api/me}: view, change own password).
 */
@RestController
public class UsersController {

	private final UserRepository users;

	private final AuthController auth;

	private final PasswordPolicy passwords;

	private final ApiKeyAuthenticationManager apiKeys;

	private final RequestBodyReader reader;

	private final ApplicationEventPublisher events;

	public UsersController(UserRepository users, AuthController auth, PasswordPolicy passwords,
			ApiKeyAuthenticationManager apiKeys, RequestBodyReader reader, ApplicationEventPublisher events) {
		this.events = events;
		this.users = users;
		this.auth = auth;
		this.passwords = passwords;
		this.apiKeys = apiKeys;
		this.reader = reader;
	}

	@GetMapping("/api/users")
	public Mono<List<IdentityWire.UserView>> list() {
		return users.list().map(list -> list.stream().map(IdentityWire.UserView::of).toList());
	}

	@PostMapping("/api/users")
	@ResponseStatus(HttpStatus.CREATED)
	public Mono<IdentityWire.UserView> create(@RequestBody(required = false) byte[] body) {
		IdentityWire.Credentials credentials = reader.read(body, IdentityWire.Credentials.class);
		Role role = credentials.role() == null ? Role.USER : AuthController.parseRole(credentials.role());
		return auth.create(credentials.username(), credentials.password(), role);
	}

	@PatchMapping("/api/users/{id}")
	public Mono<IdentityWire.UserView> change(@PathVariable String id, @RequestBody(required = false) byte[] body,
			@AuthenticationPrincipal CurrentUser caller) {
		IdentityWire.UserChange change = reader.read(body, IdentityWire.UserChange.class);
		if (id.equals(caller.id()) && (Boolean.TRUE.equals(change.disabled())
				|| (change.role() != null && AuthController.parseRole(change.role()) != Role.ADMIN))) {
			throw OpenAiException.invalidRequest("Admins cannot disable or demote themselves.", "disabled");
		}
		return users.findById(id)
			.switchIfEmpty(Mono.error(() -> notFound(id)))
			.flatMap(user -> users.update(user.withCredentials(
					change.password() != null ? passwords.hash(change.password()) : user.passwordHash(),
					change.role() != null ? AuthController.parseRole(change.role()) : user.role(),
					change.disabled() != null ? change.disabled() : user.disabled())))
			.doOnNext(updated -> {
				apiKeys.forgetVerifiedKeys();
				if (updated.disabled()) {
					events.publishEvent(new UserDisabled(updated.id()));
				}
			})
			.map(IdentityWire.UserView::of);
	}

	@GetMapping("/api/me")
	public Mono<IdentityWire.UserView> me(@AuthenticationPrincipal CurrentUser caller) {
		return users.findById(caller.id()).switchIfEmpty(Mono.error(() -> notFound(caller.id()))).map(IdentityWire.UserView::of);
	}

	@PatchMapping("/api/me")
	public Mono<IdentityWire.UserView> changeOwnPassword(@RequestBody(required = false) byte[] body,
			@AuthenticationPrincipal CurrentUser caller) {
		IdentityWire.UserChange change = reader.read(body, IdentityWire.UserChange.class);
		if (change.password() == null || change.disabled() != null || change.role() != null) {
			throw OpenAiException.invalidRequest("Only 'password' can be changed here.", "password");
		}
		String hash = passwords.hash(change.password());
		return users.findById(caller.id())
			.switchIfEmpty(Mono.error(() -> notFound(caller.id())))
			.flatMap(user -> users.update(user.withCredentials(hash, user.role(), user.disabled())))
			.map(IdentityWire.UserView::of);
	}

	static OpenAiException notFound(String id) {
		return new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error", "No user '" + id + "'.", null,
				"not_found", null);
	}
}
