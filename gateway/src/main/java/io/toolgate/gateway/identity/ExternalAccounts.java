package io.toolgate.gateway.identity;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.stereotype.Component;

/**
 * The local account of an external issuer's user. Accounts are keyed by the token's (issuer, subject), which
 * the issuer keeps stable and unique; the username claim only names a new account, so a token calling itself
 * {@code admin} never reaches the local admin. A name that another account has already gets a distinct name,
 * or the token is refused ({@code toolgate.auth.jwt.username-clash}). The role comes from the roles claim alone,
 * on every request.
 */
@Component
public class ExternalAccounts {

	static final int MAX_USERNAME = 64;

	/** Numbered alternatives tried after {@code <name>@<host>}, before giving up. */
	static final int MAX_RENAMES = 20;

	private final IdentityProperties.Jwt settings;

	private final UserRepository users;

	private final Clock clock;

	private final ApiKeyCodec codec = new ApiKeyCodec();

	public ExternalAccounts(IdentityProperties properties, UserRepository users, Clock clock) {
		this.settings = properties.jwt();
		this.users = users;
		this.clock = clock;
	}

	/** The account of the token's (issuer, subject), created on first use; its role follows the roles claim. */
	public Mono<User> accountOf(Jwt jwt) {
		String issuer = jwt.getClaimAsString(JwtClaimNames.ISS);
		String subject = jwt.getSubject();
		if (issuer == null || issuer.isBlank() || subject == null || subject.isBlank()) {
			return Mono.error(new BadCredentialsException("The bearer token has no 'iss' or no 'sub' claim."));
		}
		String username = jwt.getClaimAsString(settings.usernameClaim());
		if (username == null || username.isBlank()) {
			return Mono.error(new BadCredentialsException("The bearer token has no '" + settings.usernameClaim() + "' claim."));
		}
		ExternalIdentity identity = new ExternalIdentity(issuer, subject);
		Role role = roles(jwt.getClaims()).contains(settings.adminRole()) ? Role.ADMIN : Role.USER;
		// Two first requests of one new user may race to create its account; the loser finds the winner's.
		return Mono.defer(() -> users.findByExternalIdentity(identity)
			.switchIfEmpty(Mono.defer(() -> create(identity, username, role))))
			.retryWhen(Retry.max(1)
				.filter(DataIntegrityViolationException.class::isInstance)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
			.flatMap(user -> user.role() == role ? Mono.just(user)
					: users.update(user.withCredentials(user.passwordHash(), role, user.disabled())));
	}

	private Mono<User> create(ExternalIdentity identity, String username, Role role) {
		String name = clean(username);
		List<String> names = settings.usernameClash() == IdentityProperties.UsernameClash.REFUSE ? List.of(name)
				: alternatives(name, identity.issuer());
		return users.insertUnderFirstFreeName(names,
				free -> User.external(codec.newId("usr_"), free, identity, role, clock.millis()))
			.switchIfEmpty(Mono.error(() -> new BadCredentialsException("The name '" + name + "' of the bearer token's "
					+ "user belongs to another account on this gateway, so no account was created for it; an admin can "
					+ "rename the other account or set toolgate.auth.jwt.username-clash=rename.")));
	}

	/** The name itself, then {@code <name>@<issuer host>}, then that with {@code -2}, {@code -3}, ... */
	static List<String> alternatives(String name, String issuer) {
		String host = clean(hostOf(issuer));
		List<String> names = new ArrayList<>();
		names.add(name);
		String qualified = name + "@" + host;
		names.add(cut(qualified, 0));
		for (int n = 2; n <= MAX_RENAMES; n++) {
			String suffix = "-" + n;
			names.add(cut(qualified, suffix.length()) + suffix);
		}
		return names;
	}

	private static String hostOf(String issuer) {
		try {
			String host = URI.create(issuer).getHost();
			return host != null ? host : issuer;
		}
		catch (IllegalArgumentException notAUri) {
			return issuer;
		}
	}

	/** The characters local usernames may have ({@link AuthController#USERNAME}); others become {@code _}. */
	static String clean(String name) {
		return cut(name.replaceAll("[^A-Za-z0-9._@-]", "_"), 0);
	}

	private static String cut(String name, int room) {
		return name.length() + room > MAX_USERNAME ? name.substring(0, MAX_USERNAME - room) : name;
	}

	/** The roles claim, following a dotted path such as {@code realm_access.roles}. */
	private Collection<?> roles(Map<String, Object> claims) {
		Object value = claims;
		for (String part : settings.rolesClaim().split("\\.")) {
			value = value instanceof Map<?, ?> map ? map.get(part) : null;
		}
		if (value instanceof Collection<?> list) {
			return list;
		}
		return value instanceof String single ? List.of(single.split("[ ,]")) : List.of();
	}
}
