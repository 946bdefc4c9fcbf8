package io.toolgate.gateway.limits;

import java.time.Duration;

import io.github.bucket4j.BucketConfiguration;
import reactor.core.publisher.Mono;

/**
 * Bucket4j token buckets by id, each holding {@code perMinute} and refilling it evenly over a minute (greedy
 * refill). In memory for one instance, in PostgreSQL when instances share one database.
 */
public interface RateBuckets {

	/** Takes {@code amount} if it is there. */
	Mono<BucketProbe> tryConsume(String id, long perMinute, long amount);

	/** Settles a difference: a positive {@code delta} is taken even into debt, a negative one is given back. */
	Mono<Void> adjust(String id, long perMinute, long delta);

	static BucketConfiguration configuration(long perMinute) {
		return BucketConfiguration.builder()
			.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
			.build();
	}
}
