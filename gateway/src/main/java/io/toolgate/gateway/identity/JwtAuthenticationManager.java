package io.toolgate.gateway.identity;

import java.text.ParseException;

import com.nimbusds.jwt.JWTParser;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.stereotype.Component;

/**
 * Verifies bearer JWTs: the gateway's own (issuer {@code toolgate}) and, when configured, an external
 * issuer's (e.g. Keycloak). Every token must carry {@code exp}. The gateway's own are refused once the user's
 * token version has moved past the one they carry (password, role or disabled state changed). An external
 * token's user gets a local account keyed by its issuer and subject ({@link ExternalAccounts}).
 */
@Component
public class JwtAuthenticationManager {

	private final LocalJwtIssuer local;

	private final IdentityProperties.Jwt settings;

	private final ReactiveJwtDecoder external;

	private final UserRepository users;

	private final ExternalAccounts externalAccounts;

	public JwtAuthenticationManager(LocalJwtIssuer local, IdentityProperties properties, UserRepository users,
			ExternalAccounts externalAccounts) {
		this.local = local;
		this.settings = properties.jwt();
		this.users = users;
		this.externalAccounts = externalAccounts;
		this.external = externalDecoder(settings);
	}

	private static ReactiveJwtDecoder externalDecoder(IdentityProperties.Jwt settings) {
		boolean hasIssuer = settings.issuerUri() != null && !settings.issuerUri().isBlank();
		boolean hasJwkSet = settings.jwkSetUri() != null && !settings.jwkSetUri().isBlank();
		if (!hasIssuer && !hasJwkSet) {
			return null;
		}
		NimbusReactiveJwtDecoder decoder = hasJwkSet ? NimbusReactiveJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build()
				: NimbusReactiveJwtDecoder.withIssuerLocation(settings.issuerUri()).build();
		decoder.setJwtValidator(LocalJwtIssuer.expiringTokens(
				hasIssuer ? JwtValidators.createDefaultWithIssuer(settings.issuerUri()) : JwtValidators.createDefault()));
		return decoder;
	}

	/** Whether a bearer value is shaped like a JWT (three base64url parts) rather than an API key. */
	public static boolean looksLikeJwt(String token) {
		return token.startsWith("ey") && token.chars().filter(c -> c == '.').count() == 2;
	}

	public Mono<Authentication> authenticate(String token) {
		String issuer;
		try {
			issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
		}
		catch (ParseException e) {
			return Mono.error(new BadCredentialsException("The bearer token is not a valid JWT."));
		}
		if (LocalJwtIssuer.ISSUER.equals(issuer)) {
			return decode(local.decoder(), token).flatMap(this::localUser);
		}
		if (external != null) {
			return decode(external, token).flatMap(this::externalUser);
		}
		return Mono.error(new BadCredentialsException("The bearer token comes from an issuer this gateway does not trust."));
	}

	private static Mono<Jwt> decode(ReactiveJwtDecoder decoder, String token) {
		return decoder.decode(token).onErrorMap(JwtException.class, e -> new BadCredentialsException(reason(e), e));
	}

	private static String reason(JwtException e) {
		if (e instanceof JwtValidationException invalid && invalid.getMessage().contains("expired")) {
			return "The bearer token has expired; sign in again.";
		}
		return "The bearer token is invalid: " + e.getMessage();
	}

	private Mono<Authentication> localUser(Jwt jwt) {
		return users.findById(jwt.getSubject())
			.switchIfEmpty(Mono.error(() -> new BadCredentialsException("The bearer token's user no longer exists.")))
			.flatMap(user -> LocalJwtIssuer.tokenVersion(jwt) != user.tokenVersion()
					? Mono.error(new BadCredentialsException("The bearer token was issued before the account's password, "
							+ "role or state changed; sign in again."))
					: authenticated(user));
	}

	private Mono<Authentication> externalUser(Jwt jwt) {
		return externalAccounts.accountOf(jwt).flatMap(this::authenticated);
	}

	private Mono<Authentication> authenticated(User user) {
		if (user.disabled()) {
			return Mono.error(new DisabledException("This account is disabled."));
		}
		return Mono.just(new ToolgateAuthentication(new CurrentUser(user.id(), user.username(), user.role(), null)));
	}
}
