package io.toolgate.gateway.limits;

/**
 * The outcome of taking from one bucket.
 *
 * @param consumed whether the amount was taken
 * @param capacity the bucket's size (the limit per minute)
 * @param remaining what is left after it
 * @param nanosToWait when refused, how long until the amount is there
 */
public record BucketProbe(boolean consumed, long capacity, long remaining, long nanosToWait) {

	/** Nanoseconds until the bucket is full again (OpenAI's {@code x-ratelimit-reset-*}): it refills evenly over a minute. */
	long nanosToFull() {
		long missing = Math.max(0, capacity - remaining);
		return (long) (missing * (60_000_000_000.0 / capacity));
	}
}
