package io.toolgate.gateway.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

/**
 * Budgets of a single instance (SQLite): a period's usage is summed from {@code usage_records} once, on the first
 * request of that key, user or model in the period, and then counted in memory as requests settle, so the hot
 * path reads no database.
 */
class CachedTokenBudgets implements TokenBudgets {

	private final LimitRepository repository;

	private final Cache<String, AtomicLong> used = Caffeine.newBuilder().expireAfterAccess(Duration.ofDays(32)).build();

	CachedTokenBudgets(LimitRepository repository) {
		this.repository = repository;
	}

	private static String id(AppliedLimit limit, Instant periodStart) {
		return limit.scope().wire() + ":" + limit.subject() + ":" + periodStart.toEpochMilli();
	}

	@Override
	public Mono<Long> used(AppliedLimit limit, Instant periodStart) {
		AtomicLong known = used.getIfPresent(id(limit, periodStart));
		if (known != null) {
			return Mono.just(known.get());
		}
		return repository.usedSince(limit.scope(), limit.subject(), periodStart.toEpochMilli())
			.map(sum -> used.get(id(limit, periodStart), key -> new AtomicLong(sum)).get());
	}

	@Override
	public void recorded(AppliedLimit limit, Instant periodStart, long tokens) {
		AtomicLong known = used.getIfPresent(id(limit, periodStart));
		if (known != null) {
			known.addAndGet(tokens);
		}
		// Otherwise the first read of the period sums usage_records, which already holds these tokens.
	}
}
