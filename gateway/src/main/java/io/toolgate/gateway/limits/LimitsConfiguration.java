package io.toolgate.gateway.limits;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.toolgate.gateway.JdbcExecutor;

/**
 * Picks where buckets and budgets live: in memory on SQLite (one file, one instance), in PostgreSQL when the
 * gateway uses it (instances may share it, and the limits must hold across them).
 */
@Configuration
class LimitsConfiguration {

	private static boolean postgres(Environment environment) {
		return environment.getProperty("spring.datasource.url", "").startsWith("jdbc:postgresql:");
	}

	@Bean
	RateBuckets rateBuckets(Environment environment, DataSource dataSource, JdbcExecutor db) {
		return postgres(environment) ? new PostgresRateBuckets(dataSource, db) : new LocalRateBuckets();
	}

	@Bean
	TokenBudgets tokenBudgets(Environment environment, LimitRepository repository) {
		return postgres(environment) ? new DatabaseTokenBudgets(repository) : new CachedTokenBudgets(repository);
	}
}
