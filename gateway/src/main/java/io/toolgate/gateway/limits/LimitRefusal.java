package io.toolgate.gateway.limits;

import java.time.Duration;

import org.springframework.http.HttpStatus;

import io.toolgate.gateway.openai.OpenAiException;

/**
 * A 429 from an operator limit, in OpenAI's shape: {@code rate_limit_exceeded} (type {@code requests} or
 * {@code tokens}, as OpenAI sends) with the time to wait, or {@code insufficient_quota} when a budget is spent.
 * Carries the refusing bucket so its headers go out with the error.
 */
class LimitRefusal extends OpenAiException {

	private final BucketProbe probe;

	private final String kind;

	private final long nanosToWait;

	LimitRefusal(String kind, String message, String code, BucketProbe probe, long nanosToWait) {
		super(HttpStatus.TOO_MANY_REQUESTS, kind.equals("budget") ? "insufficient_quota" : kind, message, null, code,
				nanosToWait > 0 ? Duration.ofSeconds((nanosToWait + 999_999_999L) / 1_000_000_000L) : null);
		this.probe = probe;
		this.kind = kind;
		this.nanosToWait = nanosToWait;
	}

	/** requests, tokens or budget. */
	String kind() {
		return kind;
	}

	/** The refusing bucket, or null for a budget. */
	BucketProbe probe() {
		return probe;
	}

	long nanosToWait() {
		return nanosToWait;
	}
}
