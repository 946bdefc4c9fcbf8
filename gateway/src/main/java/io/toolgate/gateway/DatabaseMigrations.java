package io.toolgate.gateway;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * Migrates the database at start-up and refuses, with a message a person can act on, a database that a
 * newer Toolgate has already migrated past what this build knows.
 */
@Component
public class DatabaseMigrations implements FlywayMigrationStrategy {

	@Override
	public void migrate(Flyway flyway) {
		refuseNewerDatabase(flyway);
		flyway.migrate();
	}

	static void refuseNewerDatabase(Flyway flyway) {
		MigrationInfo current = flyway.info().current();
		MigrationVersion known = latestKnown(flyway);
		if (current != null && current.getVersion() != null && known != null
				&& current.getVersion().compareTo(known) > 0) {
			throw new IllegalStateException("The database was migrated by a newer Toolgate: its schema is at version "
					+ current.getVersion() + ", this build knows versions up to " + known
					+ ". Run a newer Toolgate, or restore a backup taken before the upgrade.");
		}
	}

	private static MigrationVersion latestKnown(Flyway flyway) {
		MigrationVersion latest = null;
		for (MigrationInfo info : flyway.info().all()) {
			boolean local = info.getState().isResolved();
			if (local && info.getVersion() != null && (latest == null || info.getVersion().compareTo(latest) > 0)) {
				latest = info.getVersion();
			}
		}
		return latest;
	}
}
