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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens of an external issuer (a Keycloak-like JWKS on loopback): a user it names gets a local account on
 * first use, its roles claim makes admins, and tokens signed by another key are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExternalIssuerTest {

	static final String ISSUER = "https://sso.example.test/realms/toolgate";

	static final RSAKey KEY = generate("issuer-key");

	static final RSAKey OTHER_KEY = generate("other-key");

	static final HttpServer JWKS = serveJwks();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.auth.jwt.issuer-uri", () -> ISSUER);
		registry.add("toolgate.auth.jwt.jwk-set-uri",
				() -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/certs");
		registry.add("toolgate.auth.jwt.roles-claim", () -> "realm_access.roles");
	}

	@AfterAll
	static void stop() {
		JWKS.stop(0);
	}

	@LocalServerPort
	int port;

	@Test
	void acceptsTheIssuersTokensAndProvisionsUsers() throws Exception {
		HttpTestClient carol = new HttpTestClient(port, token(KEY, "carol", List.of("user")));
		var me = carol.get("/api/me");
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().path("username").asString()).isEqualTo("carol");
		assertThat(me.json().path("external").asBoolean()).isTrue();
		assertThat(me.json().path("role").asString()).isEqualTo("user");
		assertThat(carol.get("/api/users").status()).isEqualTo(403);

		HttpTestClient dave = new HttpTestClient(port, token(KEY, "dave", List.of("admin", "user")));
		assertThat(dave.get("/api/users").status()).isEqualTo(200);

		assertThat(new HttpTestClient(port, token(OTHER_KEY, "mallory", List.of("admin"))).get("/v1/models").status())
			.isEqualTo(401);
		assertThat(new HttpTestClient(port).get("/api/users").json().valueStream()
			.map(u -> u.path("username").asString())).contains("carol", "dave").doesNotContain("mallory");
	}

	private static String token(RSAKey key, String username, List<String> roles) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(ISSUER)
					.subject("sub-" + username)
					.claim("preferred_username", username)
					.claim("realm_access", Map.of("roles", roles))
					.issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plusSeconds(600)))
					.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static RSAKey generate(String id) {
		try {
			return new RSAKeyGenerator(2048).keyID(id).generate();
		}
		catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	private static HttpServer serveJwks() {
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
