package io.toolgate.gateway.limits;

/** A limit that applies to one request: its scope, what it is set on (key id, user id, model id) and its values. */
public record AppliedLimit(LimitScope scope, String subject, LimitSpec spec) {

	/** The id of this limit's bucket of {@code kind} (requests, tokens); a changed limit gets a fresh bucket. */
	String bucketId(String kind, long perMinute) {
		return scope.wire() + ":" + subject + ":" + kind + ":" + perMinute;
	}
}
