package io.toolgate.gateway.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Authentication settings ({@code toolgate.auth}).
 *
 * @param openSignup whether anyone may create an account with {@code POST /api/auth/signup}
 * @param apiKeyCache how long a verified API key is trusted without asking the database again
 * @param jwt bearer tokens issued by the gateway, and optionally by an external issuer
 */
@ConfigurationProperties("toolgate.auth")
public record IdentityProperties(boolean openSignup, Duration apiKeyCache, Jwt jwt) {

	/**
	 * @param secret HS256 secret for tokens the gateway issues (at least 32 bytes); empty = generated and
	 * kept in {@code <data-dir>/jwt.key}
	 * @param ttl lifetime of issued tokens
	 * @param issuerUri external issuer (e.g. a Keycloak realm); its tokens are accepted too
	 * @param jwkSetUri external issuer's key set, when it does not publish discovery metadata
	 * @param usernameClaim claim of an external token that names the user
	 * @param rolesClaim claim (dotted path allowed, e.g. {@code realm_access.roles}) listing roles
	 * @param adminRole role name in that claim that makes a user an admin
	 */
	public record Jwt(String secret, Duration ttl, String issuerUri, String jwkSetUri, String usernameClaim,
			String rolesClaim, String adminRole) {
	}
}
