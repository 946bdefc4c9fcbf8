package io.toolgate.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** How reset times and budget periods are written and computed. */
class RateLimitHeadersTest {

	@Test
	void resetTimesAreWrittenAsOpenAiWritesThem() {
		assertThat(RateLimitHeaders.duration(0)).isEqualTo("0s");
		assertThat(RateLimitHeaders.duration(250_000_000L)).isEqualTo("250ms");
		assertThat(RateLimitHeaders.duration(1_000_000_000L)).isEqualTo("1s");
		assertThat(RateLimitHeaders.duration(1_500_000_000L)).isEqualTo("1.5s");
		assertThat(RateLimitHeaders.duration(360_000_000_000L)).isEqualTo("6m0s");
		assertThat(RateLimitHeaders.duration(61_250_000_000L)).isEqualTo("1m1.25s");
		// Rounded up, so a client never retries a moment too early.
		assertThat(RateLimitHeaders.duration(1)).isEqualTo("1ms");
	}

	@Test
	void resetIsTheTimeUntilTheBucketIsFullAgain() {
		// 60 per minute with 15 left: 45 missing, one back per second.
		assertThat(new BucketProbe(true, 60, 15, 0).nanosToFull()).isEqualTo(45_000_000_000L);
		assertThat(new BucketProbe(true, 60, 60, 0).nanosToFull()).isZero();
	}

	@Test
	void budgetPeriodsStartAtMidnightUtcAndOnTheFirstOfTheMonth() {
		Instant now = Instant.parse("2026-12-04T17:19:53Z");
		assertThat(BudgetPeriod.DAY.start(now)).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
		assertThat(BudgetPeriod.DAY.end(now)).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
		assertThat(BudgetPeriod.MONTH.start(now)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
		assertThat(BudgetPeriod.MONTH.end(now)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
	}
}
