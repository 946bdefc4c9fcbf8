package io.toolgate.gateway.limits;

import java.time.Instant;
import java.util.List;

/**
 * A request let through: the limits that applied, what it took from each tokens bucket (the estimate, at most
 * the bucket's size), and its tightest requests and tokens buckets for the response headers.
 */
record Admission(List<AppliedLimit> limits, List<Taken> tokensTaken, BucketProbe requests, BucketProbe tokens,
		Instant at) {

	/** An amount taken from one bucket. */
	record Taken(String bucketId, long perMinute, long amount) {
	}

	static Admission none(Instant at) {
		return new Admission(List.of(), List.of(), null, null, at);
	}

	boolean limited() {
		return !limits.isEmpty();
	}
}
