package io.toolgate.gateway.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;

import com.nimbusds.jose.jwk.source.ImmutableSecret;

import io.toolgate.gateway.GatewayProperties;

/**
 * Issues and verifies the gateway's own HS256 bearer tokens. The secret comes from
 * {@code toolgate.auth.jwt.secret}, or is generated once and kept in {@code <data-dir>/jwt.key} (mode 600),
 * so tokens survive restarts.
 */
@Component
public class LocalJwtIssuer {

	public static final String ISSUER = "toolgate";

	/** Claim with the user's token version at issue; tokens from before this claim existed count as version 0. */
	static final String TOKEN_VERSION = "ver";

	private final SecretKey key;

	private final IdentityProperties properties;

	private final Clock clock;

	private final NimbusJwtEncoder encoder;

	private final ReactiveJwtDecoder decoder;

	public LocalJwtIssuer(IdentityProperties properties, GatewayProperties gateway, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.key = new SecretKeySpec(secret(properties.jwt().secret(), gateway.dataDir().resolve("jwt.key")), "HmacSHA256");
		this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
		decoder.setJwtValidator(expiringTokens(JwtValidators.createDefaultWithIssuer(ISSUER)));
		this.decoder = decoder;
	}

	/** A token for the user; {@code sub} is the user id. */
	public IssuedToken issue(User user) {
		Instant now = clock.instant();
		Instant expires = now.plus(properties.jwt().ttl());
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(ISSUER)
			.subject(user.id())
			.issuedAt(now)
			.expiresAt(expires)
			.claim("username", user.username())
			.claim("role", user.role().dbValue())
			.claim(TOKEN_VERSION, user.tokenVersion())
			.build();
		String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
		return new IssuedToken(token, properties.jwt().ttl().toSeconds());
	}

	/** The token version a token was issued at. */
	static long tokenVersion(Jwt jwt) {
		Object version = jwt.getClaims().get(TOKEN_VERSION);
		return version instanceof Number number ? number.longValue() : 0;
	}

	/**
	 * The validator plus the requirement that a token has {@code exp}: Spring's timestamp check passes tokens
	 * without one, which would be valid forever.
	 */
	static OAuth2TokenValidator<Jwt> expiringTokens(OAuth2TokenValidator<Jwt> validator) {
		return new DelegatingOAuth2TokenValidator<>(validator,
				new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
	}

	public ReactiveJwtDecoder decoder() {
		return decoder;
	}

	/** A freshly issued token and its lifetime in seconds. */
	public record IssuedToken(String token, long expiresIn) {
	}

	private static byte[] secret(String configured, Path file) {
		if (configured != null && !configured.isBlank()) {
			byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
			if (bytes.length < 32) {
				throw new IllegalStateException("toolgate.auth.jwt.secret must be at least 32 bytes long");
			}
			return bytes;
		}
		try {
			if (Files.exists(file)) {
				return Base64.getDecoder().decode(Files.readString(file).trim());
			}
			byte[] bytes = new byte[32];
			new SecureRandom().nextBytes(bytes);
			io.toolgate.gateway.PrivateFiles.createDirectories(file.getParent());
			// Created 0600 before the secret is written, so it is never readable by others, not even for a moment.
			io.toolgate.gateway.PrivateFiles.createFile(file);
			Files.writeString(file, Base64.getEncoder().encodeToString(bytes));
			restrict(file);
			return bytes;
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read or create the JWT secret " + file.toAbsolutePath(), e);
		}
	}

	static void restrict(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException notPosix) {
			// Windows: the file system's own permissions apply.
		}
	}
}
