package io.toolgate.gateway.identity;

import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.openai.RequestBodyReader;

/** Seed-compatible sign-in ({@code POST /api/auth/login}) and sign-up ({@code POST /api/auth/signup}). */
@RestController
public class AuthController {

	static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._@-]{1,64}$");

	private final UserRepository users;

	private final PasswordPolicy passwords;

	private final LocalJwtIssuer tokens;

	private final IdentityProperties properties;

	private final RequestBodyReader reader;

	private final Clock clock;

	private final LoginThrottle throttle;

	private final ApiKeyCodec codec = new ApiKeyCodec();

	public AuthController(UserRepository users, PasswordPolicy passwords, LocalJwtIssuer tokens,
			IdentityProperties properties, RequestBodyReader reader, Clock clock, LoginThrottle throttle) {
		this.throttle = throttle;
		this.users = users;
		this.passwords = passwords;
		this.tokens = tokens;
		this.properties = properties;
		this.reader = reader;
		this.clock = clock;
	}

	/**
	 * Signs in with a password. Every attempt costs exactly one BCrypt check (unknown user, user without a
	 * password, disabled user, wrong password or right one), so the time taken does not tell which names exist;
	 * failed attempts are throttled per username and per client address ({@link LoginThrottle}).
	 */
	@PostMapping("/api/auth/login")
	public Mono<IdentityWire.TokenResponse> login(@RequestBody(required = false) byte[] body, ServerHttpRequest request) {
		IdentityWire.Credentials credentials = reader.read(body, IdentityWire.Credentials.class);
		if (credentials.username() == null || credentials.password() == null) {
			throw OpenAiException.invalidRequest("Send 'username' and 'password'.", credentials.username() == null ? "username" : "password");
		}
		LoginThrottle.Attempt attempt = throttle.begin(credentials.username(), request);
		return users.findByUsername(credentials.username())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap(found -> {
				boolean matches = passwords.matches(credentials.password(), found.map(User::passwordHash).orElse(null));
				return Mono.justOrEmpty(found.filter(user -> matches && !user.disabled()));
			})
			.switchIfEmpty(Mono.error(() -> new OpenAiException(HttpStatus.UNAUTHORIZED, "invalid_request_error",
					"Incorrect username or password, or the account is disabled.", null, "invalid_credentials", null)))
			.map(user -> {
				attempt.succeeded();
				LocalJwtIssuer.IssuedToken token = tokens.issue(user);
				return new IdentityWire.TokenResponse(token.token(), "bearer", token.expiresIn());
			});
	}

	@PostMapping("/api/auth/signup")
	@ResponseStatus(HttpStatus.CREATED)
	public Mono<IdentityWire.UserView> signup(@RequestBody(required = false) byte[] body,
			@AuthenticationPrincipal CurrentUser caller) {
		IdentityWire.Credentials credentials = reader.read(body, IdentityWire.Credentials.class);
		boolean admin = caller != null && caller.admin();
		if (!properties.openSignup() && !admin) {
			throw new OpenAiException(HttpStatus.FORBIDDEN, "invalid_request_error",
					"Sign-up is closed on this gateway; ask an admin for an account (or set toolgate.auth.open-signup).",
					null, "signup_closed", null);
		}
		Role role = Role.USER;
		if (credentials.role() != null) {
			if (!admin) {
				throw OpenAiException.invalidRequest("Only admins may choose a role.", "role");
			}
			role = parseRole(credentials.role());
		}
		return create(credentials.username(), credentials.password(), role);
	}

	Mono<IdentityWire.UserView> create(String username, String password, Role role) {
		if (username == null || !USERNAME.matcher(username).matches()) {
			throw OpenAiException.invalidRequest(
					"A username has 1 to 64 letters, digits or the characters . _ @ -", "username");
		}
		String hash = passwords.hash(password);
		return users.findByUsername(username)
			.flatMap(existing -> Mono.<User>error(new OpenAiException(HttpStatus.CONFLICT, "invalid_request_error",
					"The username '" + username + "' is taken.", "username", "username_taken", null)))
			.switchIfEmpty(Mono.defer(() -> users.insert(User.local(codec.newId("usr_"), username, hash, role, clock.millis()))))
			.map(IdentityWire.UserView::of);
	}

	static Role parseRole(String role) {
		try {
			return Role.fromDb(role);
		}
		catch (IllegalArgumentException e) {
			throw OpenAiException.invalidRequest("'role' must be 'admin' or 'user'.", "role");
		}
	}
}
