package io.toolgate.gateway;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both migration flavours apply cleanly, and a database from a newer Toolgate is refused clearly. */
class DatabaseMigrationsTest {

	@TempDir
	Path dir;

	private static Flyway flyway(String url, String user, String password, String vendor) {
		return Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration/" + vendor).load();
	}

	/** The newest migration on the class path (every helper's migration counts, not a number fixed here). */
	private static org.flywaydb.core.api.MigrationVersion newest(Flyway flyway) {
		var all = flyway.info().all();
		assertThat(all).isNotEmpty();
		return all[all.length - 1].getVersion();
	}

	@Test
	void migratesSqliteAndRefusesANewerDatabase() throws Exception {
		String url = "jdbc:sqlite:" + dir.resolve("t.db");
		Flyway flyway = flyway(url, null, null, "sqlite");
		new DatabaseMigrations().migrate(flyway);
		assertThat(flyway.info().current().getVersion()).isEqualTo(newest(flyway));

		try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
					+ " installed_by, installed_on, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
					+ " 'V99__future.sql', 0, 'test', CURRENT_TIMESTAMP, 0, 1)");
		}
		assertThatThrownBy(() -> new DatabaseMigrations().migrate(flyway(url, null, null, "sqlite")))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("newer Toolgate")
			.hasMessageContaining("99");
	}

	@Test
	void migratesPostgresql() {
		TestPostgres.resetSchema();
		Flyway flyway = flyway(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD, "postgresql");
		new DatabaseMigrations().migrate(flyway);
		assertThat(flyway.info().current().getVersion()).isEqualTo(newest(flyway));
		assertThat(flyway.info().pending()).isEmpty();
	}
}
