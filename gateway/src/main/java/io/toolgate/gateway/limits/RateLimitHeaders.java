package io.toolgate.gateway.limits;

import org.springframework.http.HttpHeaders;

/**
 * OpenAI's rate-limit headers: {@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-requests},
 * {@code x-ratelimit-reset-requests} (the time until the bucket is full again, written as OpenAI does:
 * {@code 1s}, {@code 6m0s}, {@code 120ms}) and the same for tokens. Each describes the tightest bucket of the
 * request's limits (the one with the least left).
 */
final class RateLimitHeaders {

	private RateLimitHeaders() {
	}

	static void write(HttpHeaders headers, BucketProbe requests, BucketProbe tokens) {
		if (requests != null) {
			write(headers, "requests", requests);
		}
		if (tokens != null) {
			write(headers, "tokens", tokens);
		}
	}

	private static void write(HttpHeaders headers, String kind, BucketProbe probe) {
		headers.set("x-ratelimit-limit-" + kind, Long.toString(probe.capacity()));
		headers.set("x-ratelimit-remaining-" + kind, Long.toString(Math.max(0, probe.remaining())));
		headers.set("x-ratelimit-reset-" + kind, duration(probe.nanosToFull()));
	}

	/** A duration as OpenAI (Go) writes it: {@code 0s}, {@code 250ms}, {@code 1.5s}, {@code 6m0s}. */
	static String duration(long nanos) {
		long millis = (nanos + 999_999) / 1_000_000;
		if (millis == 0) {
			return "0s";
		}
		if (millis < 1000) {
			return millis + "ms";
		}
		long minutes = millis / 60_000;
		long restMillis = millis % 60_000;
		String seconds = restMillis % 1000 == 0 ? Long.toString(restMillis / 1000)
				: java.math.BigDecimal.valueOf(restMillis, 3).stripTrailingZeros().toPlainString();
		return (minutes > 0 ? minutes + "m" : "") + seconds + "s";
	}
}
