package io.toolgate.gateway.identity;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.TestUpstreams;

/** The identity contract on the embedded default: SQLite in the data directory. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CountingPasswordEncoder.Config.class)
class IdentitySqliteTest extends IdentityContract {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.auth.jwt.secret", () -> JWT_SECRET);
		throttleLimits(registry);
	}
}
