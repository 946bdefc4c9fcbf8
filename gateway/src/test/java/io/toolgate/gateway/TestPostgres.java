package io.toolgate.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real PostgreSQL the PostgreSQL-flavour tests run against ({@code .ci/postgres} starts it). Each test
 * context gets an empty schema. A missing server fails the test with what to do; it is never skipped.
 */
public final class TestPostgres {

	public static final String URL = env("TOOLGATE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/toolgate_test");

	public static final String USER = env("TOOLGATE_TEST_POSTGRES_USER", "toolgate");

	public static final String PASSWORD = env("TOOLGATE_TEST_POSTGRES_PASSWORD", "toolgate");

	private TestPostgres() {
	}

	public static void register(DynamicPropertyRegistry registry) {
		resetSchema();
		registry.add("spring.datasource.url", () -> URL);
		registry.add("spring.datasource.username", () -> USER);
		registry.add("spring.datasource.password", () -> PASSWORD);
	}

	public static void resetSchema() {
		try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
			statement.execute("CREATE SCHEMA public");
		}
		catch (SQLException e) {
			throw new IllegalStateException("PostgreSQL tests need a server at " + URL + " (user " + USER
					+ "); run 'bash .ci/postgres' to start Debian's PostgreSQL and create it: " + e.getMessage(), e);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}
}
