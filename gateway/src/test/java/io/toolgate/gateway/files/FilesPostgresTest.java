package io.toolgate.gateway.files;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.TestPostgres;

/** The Files API tests on a real PostgreSQL (the V3 migration's postgresql flavour). */
class FilesPostgresTest extends FilesApiTest {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		TestPostgres.register(registry);
	}
}
