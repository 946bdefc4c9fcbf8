package io.toolgate.gateway.limits;

import java.time.Instant;

import reactor.core.publisher.Mono;

/**
 * Budgets shared by instances on one PostgreSQL database: the period's usage is summed from {@code usage_records}
 * (indexed per key, user and model) on each request that has a budget, so every instance sees every other's usage.
 */
class DatabaseTokenBudgets implements TokenBudgets {

	private final LimitRepository repository;

	DatabaseTokenBudgets(LimitRepository repository) {
		this.repository = repository;
	}

	@Override
	public Mono<Long> used(AppliedLimit limit, Instant periodStart) {
		return repository.usedSince(limit.scope(), limit.subject(), periodStart.toEpochMilli());
	}

	@Override
	public void recorded(AppliedLimit limit, Instant periodStart, long tokens) {
		// usage_records already has it.
	}
}
