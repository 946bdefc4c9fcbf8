package io.toolgate.gateway.limits;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import reactor.core.publisher.Mono;

/**
 * Buckets in this process (SQLite: one instance). Bucket4j's local buckets are lock-free, so they are used on
 * the calling thread. A bucket unused for ten minutes is forgotten, which bounds memory: a new one is full, and so
 * would the old one be unless an answer far larger than its limit left it in debt for longer.
 */
class LocalRateBuckets implements RateBuckets {

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();

	private Bucket bucket(String id, long perMinute) {
		return buckets.get(id, key -> Bucket.builder()
			.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
			.build());
	}

	@Override
	public Mono<BucketProbe> tryConsume(String id, long perMinute, long amount) {
		ConsumptionProbe probe = bucket(id, perMinute).tryConsumeAndReturnRemaining(amount);
		return Mono.just(new BucketProbe(probe.isConsumed(), perMinute, probe.getRemainingTokens(),
				probe.getNanosToWaitForRefill()));
	}

	@Override
	public Mono<Void> adjust(String id, long perMinute, long delta) {
		Bucket bucket = bucket(id, perMinute);
		if (delta > 0) {
			bucket.consumeIgnoringRateLimits(delta);
		}
		else if (delta < 0) {
			// Never above the capacity: Bucket4j's addTokens caps at it.
			bucket.addTokens(-delta);
		}
		return Mono.empty();
	}
}
