package io.toolgate.gateway.limits;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.JdbcExecutor;

/**
 * Buckets shared by every instance on one PostgreSQL database: Bucket4j's PostgreSQL proxy manager keeps each
 * bucket's state in a row of {@code limit_buckets} (V7) and changes it under {@code SELECT ... FOR UPDATE}, so
 * two instances never both take the last token. Each operation is one short transaction, run on the JDBC
 * scheduler, never on an event loop; requests without limits never get here.
 */
class PostgresRateBuckets implements RateBuckets, AutoCloseable {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PostgresRateBuckets.class);

	private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

	private final JdbcExecutor db;

	private final reactor.core.Disposable sweeper;

	PostgresRateBuckets(DataSource dataSource, JdbcExecutor db) {
		this.db = db;
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table("limit_buckets")
			.idColumn("id")
			.stateColumn("state")
			.expiresAtColumn("expires_at")
			// A row may go once its bucket would be full again anyway (plus a margin): see removeExpired.
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.requestTimeout(Duration.ofSeconds(10))
			.build();
		this.sweeper = reactor.core.publisher.Flux.interval(Duration.ofMinutes(10))
			.onBackpressureDrop()
			.concatMap(tick -> removeExpired().onErrorResume(error -> {
				log.warn("Could not delete expired rate-limit buckets: {}", error.toString());
				return Mono.empty();
			}))
			.subscribe();
	}

	private BucketProxy bucket(String id, long perMinute) {
		return buckets.builder().build(id, () -> RateBuckets.configuration(perMinute));
	}

	@Override
	public Mono<BucketProbe> tryConsume(String id, long perMinute, long amount) {
		return db.read(() -> {
			ConsumptionProbe probe = bucket(id, perMinute).tryConsumeAndReturnRemaining(amount);
			return new BucketProbe(probe.isConsumed(), perMinute, probe.getRemainingTokens(),
					probe.getNanosToWaitForRefill());
		});
	}

	@Override
	public Mono<Void> adjust(String id, long perMinute, long delta) {
		if (delta == 0) {
			return Mono.empty();
		}
		return db.read(() -> {
			if (delta > 0) {
				bucket(id, perMinute).consumeIgnoringRateLimits(delta);
			}
			else {
				bucket(id, perMinute).addTokens(-delta);
			}
			return null;
		}).then();
	}

	/** Deletes rows of buckets that have refilled completely (a new one would be full too); every ten minutes. */
	Mono<Integer> removeExpired() {
		return db.read(() -> buckets.removeExpired(1000));
	}

	@Override
	public void close() {
		sweeper.dispose();
	}
}
