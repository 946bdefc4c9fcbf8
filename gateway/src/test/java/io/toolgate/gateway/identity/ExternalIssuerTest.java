package io.toolgate.gateway.identity;

import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/** External tokens on SQLite, with the default clash policy: a name that is taken gets a distinct one. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExternalIssuerTest extends ExternalIssuerContract {

	static final HttpServer JWKS = serveJwks();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		register(registry, JWKS);
	}

	@AfterAll
	static void stop() {
		JWKS.stop(0);
	}

	@Test
	void aTokenNamingTheLocalAdminGetsAnAccountOfItsOwnAndNoRole() throws Exception {
		HttpTestClient impostor = as(token(KEY, "sub-impostor", "admin", List.of()));
		var me = impostor.get("/api/me");
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().path("id").asString()).isNotEqualTo(localAdminId());
		assertThat(me.json().path("username").asString()).isEqualTo("admin@sso.example.test");
		assertThat(me.json().path("role").asString()).isEqualTo("user");
		assertThat(me.json().path("external").asBoolean()).isTrue();
		assertThat(impostor.get("/api/users").status()).isEqualTo(403);
		assertThat(impostor.get("/api/keys?all=true").status()).isEqualTo(403);

		// A second subject calling itself admin gets yet another account.
		var second = as(token(KEY, "sub-impostor-2", "admin", List.of())).get("/api/me");
		assertThat(second.json().path("username").asString()).isEqualTo("admin@sso.example.test-2");
		assertThat(second.json().path("id").asString()).isNotEqualTo(me.json().path("id").asString());
	}
}
