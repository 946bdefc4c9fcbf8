package io.toolgate.gateway.limits;

import java.time.Instant;

import reactor.core.publisher.Mono;

/** How many tokens a key, user or model has used in the current budget period. */
public interface TokenBudgets {

	/** Tokens {@code limit}'s subject used since {@code periodStart}. */
	Mono<Long> used(AppliedLimit limit, Instant periodStart);

	/** A request of {@code limit}'s subject used {@code tokens} (already recorded in usage_records). */
	void recorded(AppliedLimit limit, Instant periodStart, long tokens);
}
