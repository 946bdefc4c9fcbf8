package io.toolgate.gateway.identity;

import java.text.ParseException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;

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
 * issuer's (e.g. Keycloak). A user first seen through an external token gets a local account, with the role
 * its roles claim says, so that sessions and keys have an owner.
 */
@Component
public class JwtAuthenticationManager {

	private final LocalJwtIssuer local;

	private final IdentityProperties.Jwt settings;

	private final ReactiveJwtDecoder external;

	private final UserRepository users;

	private final ApiKeyCodec codec = new ApiKeyCodec();

	private final Clock clock;

	public JwtAuthenticationManager(LocalJwtIssuer local, IdentityProperties properties, UserRepository users,
			Clock clock) {
		this.local = local;
		this.settings = properties.jwt();
		this.users = users;
		this.clock = clock;
		this.external = externalDecoder(settings);
	}

	private static ReactiveJwtDecoder externalDecoder(IdentityProperties.Jwt settings) {
		boolean hasIssuer = settings.issuerUri() != null && !settings.issuerUri().isBlank();
		if (settings.jwkSetUri() != null && !settings.jwkSetUri().isBlank()) {
			NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
			if (hasIssuer) {
				decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(settings.issuerUri()));
			}
			return decoder;
		}
		return hasIssuer ? NimbusReactiveJwtDecoder.withIssuerLocation(settings.issuerUri()).build() : null;
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
			.flatMap(user -> authenticated(user));
	}

	private Mono<Authentication> externalUser(Jwt jwt) {
		String username = jwt.getClaimAsString(settings.usernameClaim());
		if (username == null || username.isBlank()) {
			return Mono.error(new BadCredentialsException("The bearer token has no '" + settings.usernameClaim() + "' claim."));
		}
		Role role = roles(jwt.getClaims()).contains(settings.adminRole()) ? Role.ADMIN : Role.USER;
		return users.findByUsername(username)
			.flatMap(user -> user.external() && user.role() != role
					? users.update(new User(user.id(), user.username(), user.passwordHash(), role, user.disabled(), true,
							user.createdAt()))
					: Mono.just(user))
			.switchIfEmpty(Mono.defer(() -> users.insert(
					new User(codec.newId("usr_"), username, null, role, false, true, clock.millis()))))
			.flatMap(this::authenticated);
	}

	private Mono<Authentication> authenticated(User user) {
		if (user.disabled()) {
			return Mono.error(new DisabledException("This account is disabled."));
		}
		return Mono.just(new ToolgateAuthentication(new CurrentUser(user.id(), user.username(), user.role(), null)));
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
