package io.toolgate.gateway.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.toolgate.gateway.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens of an external issuer (a Keycloak-like JWKS on loopback), run against each database flavour by the
 * subclasses: a user it names gets a local account on first use, keyed by the token's issuer and subject (never
 * by name), its roles claim alone makes admins, and tokens signed by another key or without {@code exp} are
 * refused.
 */
abstract class ExternalIssuerContract {

	static final String ISSUER = "https://sso.example.test/realms/toolgate";

	static final RSAKey KEY = generate("issuer-key");

	static final RSAKey OTHER_KEY = generate("other-key");

	/** Settings shared by the subclasses; {@code jwks} serves {@link #KEY}. */
	static void register(DynamicPropertyRegistry registry, HttpServer jwks) {
		registry.add("toolgate.auth.jwt.issuer-uri", () -> ISSUER);
		registry.add("toolgate.auth.jwt.jwk-set-uri", () -> "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs");
		registry.add("toolgate.auth.jwt.roles-claim", () -> "realm_access.roles");
	}

	@LocalServerPort
	int port;

	HttpTestClient as(String token) {
		return new HttpTestClient(port, token);
	}

	String localAdminId() {
		return new HttpTestClient(port).get("/api/me").json().path("id").asString();
	}

	String unique(String prefix) {
		return prefix + Long.toString(System.nanoTime(), 36);
	}

	@Test
	void acceptsTheIssuersTokensAndProvisionsUsers() throws Exception {
		String carolName = unique("carol");
		String daveName = unique("dave");
		HttpTestClient carol = as(token(KEY, "sub-" + carolName, carolName, List.of("user")));
		var me = carol.get("/api/me");
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().path("username").asString()).isEqualTo(carolName);
		assertThat(me.json().path("external").asBoolean()).isTrue();
		assertThat(me.json().path("role").asString()).isEqualTo("user");
		assertThat(carol.get("/api/users").status()).isEqualTo(403);

		HttpTestClient dave = as(token(KEY, "sub-" + daveName, daveName, List.of("admin", "user")));
		assertThat(dave.get("/api/users").status()).isEqualTo(200);

		assertThat(as(token(OTHER_KEY, "sub-mallory", "mallory", List.of("admin"))).get("/v1/models").status())
			.isEqualTo(401);
		assertThat(new HttpTestClient(port).get("/api/users").json().valueStream()
			.map(u -> u.path("username").asString())).contains(carolName, daveName).doesNotContain("mallory");
	}

	@Test
	void keysAccountsByIssuerAndSubjectNotByName() throws Exception {
		String name = unique("alice");
		HttpTestClient first = as(token(KEY, "sub-1-" + name, name, List.of()));
		String firstId = first.get("/api/me").json().path("id").asString();

		// The same subject under a new name is still the same account.
		var renamed = as(token(KEY, "sub-1-" + name, name + "-renamed", List.of())).get("/api/me");
		assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
		assertThat(renamed.json().path("id").asString()).isEqualTo(firstId);
		assertThat(renamed.json().path("username").asString()).isEqualTo(name);

		// Another subject with the same name never gets the first one's account.
		var other = as(token(KEY, "sub-2-" + name, name, List.of())).get("/api/me");
		if (other.status() == 200) {
			assertThat(other.json().path("id").asString()).isNotEqualTo(firstId);
			assertThat(other.json().path("username").asString()).isNotEqualTo(name);
		}
		else {
			assertThat(other.status()).isEqualTo(401);
		}
	}

	@Test
	void takesRolesFromTheRolesClaimOnly() throws Exception {
		String name = unique("erin");
		String subject = "sub-" + name;
		// "roles" and "role" at the top level are not the configured claim (realm_access.roles).
		SignedJWT elsewhere = sign(KEY, claims(subject, name, List.of()).claim("roles", List.of("admin"))
			.claim("role", "admin").build());
		assertThat(as(elsewhere.serialize()).get("/api/users").status()).isEqualTo(403);

		assertThat(as(token(KEY, subject, name, List.of("admin"))).get("/api/users").status()).isEqualTo(200);
		// Taken away at the issuer: the next token makes the account a plain user again.
		var demoted = as(token(KEY, subject, name, List.of("user")));
		assertThat(demoted.get("/api/users").status()).isEqualTo(403);
		assertThat(demoted.get("/api/me").json().path("role").asString()).isEqualTo("user");
	}

	@Test
	void refusesExternalTokensWithoutExpiry() throws Exception {
		String name = unique("frank");
		SignedJWT forever = sign(KEY, new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject("sub-" + name)
			.claim("preferred_username", name)
			.issueTime(new Date())
			.build());
		var response = as(forever.serialize()).get("/v1/models");
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.json().at("/error/code").asString()).isEqualTo("invalid_api_key");
		assertThat(as(token(KEY, "sub-" + name, name, List.of())).get("/v1/models").status()).isEqualTo(200);
	}

	static String token(RSAKey key, String subject, String username, List<String> roles) throws JOSEException {
		return sign(key, claims(subject, username, roles).build()).serialize();
	}

	static JWTClaimsSet.Builder claims(String subject, String username, List<String> roles) {
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(subject)
			.claim("preferred_username", username)
			.claim("realm_access", Map.of("roles", roles))
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(600)));
	}

	static SignedJWT sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt;
	}

	private static RSAKey generate(String id) {
		try {
			return new RSAKeyGenerator(2048).keyID(id).generate();
		}
		catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Serves the public half of {@link #KEY} as the issuer's JWKS on loopback; each subclass stops its own. */
	static HttpServer serveJwks() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/certs", exchange -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
