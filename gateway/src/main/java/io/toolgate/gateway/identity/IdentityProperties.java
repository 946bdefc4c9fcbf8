package io.toolgate.gateway.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Authentication settings ({@code toolgate.auth}).
 *
 * @param openSignup whether anyone may create an account with {@code POST /api/auth/signup}
 * @param apiKeyCache how long a verified API key is trusted without asking the database again
 * @param jwt bearer tokens issued by the gateway, and optionally by an external issuer
 * @param loginThrottle limits on failed password sign-ins
 */
@ConfigurationProperties("toolgate.auth")
public record IdentityProperties(boolean openSignup, Duration apiKeyCache, Jwt jwt, LoginThrottle loginThrottle) {

	/**
	 * @param secret HS256 secret for tokens the gateway issues (at least 32 bytes); empty = generated and
	 * kept in {@code <data-dir>/jwt.key}
	 * @param ttl lifetime of issued tokens
	 * @param issuerUri external issuer (e.g. a Keycloak realm); its tokens are accepted too
	 * @param jwkSetUri external issuer's key set, when it does not publish discovery metadata
	 * @param usernameClaim claim of an external token that names the user (only the account's name: accounts
	 * are keyed by the token's issuer and subject)
	 * @param rolesClaim claim (dotted path allowed, e.g. {@code realm_access.roles}) listing roles
	 * @param adminRole role name in that claim that makes a user an admin
	 * @param usernameClash what happens when an external user's name already belongs to another account
	 */
	public record Jwt(String secret, Duration ttl, String issuerUri, String jwkSetUri, String usernameClaim,
			String rolesClaim, String adminRole, UsernameClash usernameClash) {
	}

	/** What a new external user gets when its name belongs to another account already. */
	public enum UsernameClash {

		/** A distinct name: {@code <name>@<issuer host>}, then with {@code -2}, {@code -3}, ... appended. */
		RENAME,

		/** No account: the token is refused with a 401 that says why. */
		REFUSE
	}

	/**
	 * @param perUsername failed sign-ins allowed per username
	 * @param perAddress failed sign-ins allowed per client address
	 * @param maxTracked usernames and addresses remembered at most (each), so that sprayed names cannot exhaust
	 * memory
	 */
	public record LoginThrottle(Limit perUsername, Limit perAddress, int maxTracked) {
	}

	/**
	 * @param attempts failed attempts allowed in a burst
	 * @param period time in which that many come back, one by one
	 */
	public record Limit(int attempts, Duration period) {
	}
}
