package io.toolgate.gateway.identity;

import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.TestPostgres;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.openai.OpenAiSchemaValidator;

import static org.assertj.core.api.Assertions.assertThat;

/** External tokens on a real PostgreSQL, with {@code username-clash: refuse}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExternalIssuerPostgresTest extends ExternalIssuerContract {

	static final HttpServer JWKS = serveJwks();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		register(registry, JWKS);
		registry.add("toolgate.auth.jwt.username-clash", () -> "refuse");
		TestPostgres.register(registry);
	}

	@AfterAll
	static void stop() {
		JWKS.stop(0);
	}

	@Test
	void refusesATokenWhoseNameBelongsToTheLocalAdmin() throws Exception {
		var response = as(token(KEY, "sub-impostor", "admin", List.of())).get("/api/users");
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		OpenAiSchemaValidator.shared().assertValid("ErrorResponse", response.body());
		assertThat(response.json().at("/error/message").asString()).contains("'admin'").contains("another account");
		assertThat(new io.toolgate.gateway.HttpTestClient(port).get("/api/users").json().valueStream()
			.filter(u -> u.path("username").asString().startsWith("admin"))).hasSize(1);
	}
}
