package io.toolgate.gateway.limits;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.metrics.GatewayMetrics;

/**
 * Admits or refuses model requests against the limits of their key, user and model, in that order: budgets
 * first (nothing is taken), then one request from each requests bucket, then the estimated tokens from each
 * tokens bucket. A refusal gives back whatever this request had already taken. After the answer, the tokens are
 * settled against the usage the upstream reported.
 */
@Component
public class RateLimiter {

	private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

	private final LimitTable table;

	private final RateBuckets buckets;

	private final TokenBudgets budgets;

	private final GatewayMetrics metrics;

	private final LimitsProperties properties;

	private final Clock clock;

	public RateLimiter(LimitTable table, RateBuckets buckets, TokenBudgets budgets, GatewayMetrics metrics,
			LimitsProperties properties, Clock clock) {
		this.table = table;
		this.buckets = buckets;
		this.budgets = budgets;
		this.metrics = metrics;
		this.properties = properties;
		this.clock = clock;
		for (LimitScope scope : LimitScope.values()) {
			for (String kind : List.of("requests", "tokens", "budget")) {
				// Every series exists from the start, so dashboards and alerts see zeros rather than nothing.
				metrics.limitRefusals(scope.wire(), kind);
			}
		}
	}

	/** The tokens a request is assumed to use before it runs: its body's size over {@code chars-per-token}. */
	long estimate(int requestBytes) {
		return Math.max(1, requestBytes / properties.charsPerToken());
	}

	Mono<Admission> admit(CurrentUser user, String model, int requestBytes) {
		Instant now = clock.instant();
		List<AppliedLimit> limits = table.applicable(user, model);
		if (limits.isEmpty()) {
			return Mono.just(Admission.none(now));
		}
		long estimate = estimate(requestBytes);
		List<Admission.Taken> taken = Collections.synchronizedList(new ArrayList<>());
		return checkBudgets(limits, now)
			.then(take(limits, "requests", LimitSpec::requestsPerMinute, limit -> 1L, taken))
			.flatMap(requests -> {
				int requestBuckets = taken.size();
				return take(limits, "tokens", LimitSpec::tokensPerMinute, perMinute -> Math.min(estimate, perMinute), taken)
					.map(tokens -> new Admission(limits, List.copyOf(taken.subList(requestBuckets, taken.size())),
							requests.orElse(null), tokens.orElse(null), now));
			})
			.onErrorResume(LimitRefusal.class, refusal -> giveBack(taken).then(Mono.error(refusal)));
	}

	private Mono<Void> checkBudgets(List<AppliedLimit> limits, Instant now) {
		return Flux.fromIterable(limits)
			.filter(limit -> limit.spec().tokenBudget() != null)
			.concatMap(limit -> budgets.used(limit, limit.spec().period().start(now)).flatMap(used -> {
				if (used < limit.spec().tokenBudget()) {
					return Mono.empty();
				}
				metrics.limitRefusals(limit.scope().wire(), "budget").increment();
				return Mono.error(new LimitRefusal("budget", "You exceeded your token budget on " + subject(limit)
						+ ": " + used + " of " + limit.spec().tokenBudget() + " tokens used this "
						+ limit.spec().period().wire() + ". It resets at " + limit.spec().period().end(now)
						+ "; ask an operator to raise it.", "insufficient_quota", null, 0));
			}))
			.then();
	}

	/** Takes from the {@code kind} bucket of each limit that has one; the tightest probe, if any. */
	private Mono<java.util.Optional<BucketProbe>> take(List<AppliedLimit> limits, String kind,
			Function<LimitSpec, Long> perMinuteOf, Function<Long, Long> amountOf, List<Admission.Taken> taken) {
		return Flux.fromIterable(limits).filter(limit -> perMinuteOf.apply(limit.spec()) != null).concatMap(limit -> {
			long perMinute = perMinuteOf.apply(limit.spec());
			long amount = amountOf.apply(perMinute);
			String id = limit.bucketId(kind, perMinute);
			return buckets.tryConsume(id, perMinute, amount).flatMap(probe -> {
				if (probe.consumed()) {
					taken.add(new Admission.Taken(id, perMinute, amount));
					return Mono.just(probe);
				}
				metrics.limitRefusals(limit.scope().wire(), kind).increment();
				return Mono.error(refusal(limit, kind, perMinute, amount, probe));
			});
		}).reduce((a, b) -> b.remaining() * a.capacity() < a.remaining() * b.capacity() ? b : a)
			.map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty());
	}

	private static LimitRefusal refusal(AppliedLimit limit, String kind, long perMinute, long amount,
			BucketProbe probe) {
		String unit = kind.equals("requests") ? "requests per minute (RPM)" : "tokens per minute (TPM)";
		return new LimitRefusal(kind, "Rate limit reached for " + unit + " on " + subject(limit) + ": limit "
				+ perMinute + ", remaining " + Math.max(0, probe.remaining()) + ", requested " + amount
				+ ". Please try again in " + RateLimitHeaders.duration(probe.nanosToWait()) + ".", "rate_limit_exceeded",
				probe, probe.nanosToWait());
	}

	private static String subject(AppliedLimit limit) {
		return switch (limit.scope()) {
			case KEY -> "your API key " + limit.subject();
			case USER -> "your account";
			case MODEL -> "model '" + limit.subject() + "' (shared by all its callers)";
		};
	}

	private Mono<Void> giveBack(List<Admission.Taken> taken) {
		return Flux.fromIterable(List.copyOf(taken))
			.concatMap(item -> buckets.adjust(item.bucketId(), item.perMinute(), -item.amount()))
			.then();
	}

	/** The answer used {@code tokens} (prompt plus completion): the estimate is corrected, the budgets counted. */
	void settle(Admission admission, long tokens) {
		Flux.fromIterable(admission.tokensTaken())
			.concatMap(item -> buckets.adjust(item.bucketId(), item.perMinute(), tokens - item.amount()))
			.subscribe(null, error -> log.warn("Could not settle the tokens of a request: {}", error.toString()));
		for (AppliedLimit limit : admission.limits()) {
			if (limit.spec().tokenBudget() != null) {
				budgets.recorded(limit, limit.spec().period().start(admission.at()), tokens);
			}
		}
	}

	/** The request failed before any usage: its estimated tokens go back (the request itself still counts). */
	void release(Admission admission) {
		giveBack(admission.tokensTaken())
			.subscribe(null, error -> log.warn("Could not give back the tokens of a request: {}", error.toString()));
	}
}
