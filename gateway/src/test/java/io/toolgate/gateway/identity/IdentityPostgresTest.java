package io.toolgate.gateway.identity;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.TestPostgres;
import io.toolgate.gateway.TestUpstreams;

/** The identity contract on a real PostgreSQL (the same migrations' postgresql flavour). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CountingPasswordEncoder.Config.class)
class IdentityPostgresTest extends IdentityContract {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.auth.jwt.secret", () -> JWT_SECRET);
		throttleLimits(registry);
		TestPostgres.register(registry);
	}
}
