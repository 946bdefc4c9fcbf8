package io.toolgate.gateway.limits;

/** A limit set through the admin API on a key or a user, as stored. */
public record StoredLimit(LimitScope scope, String subject, LimitSpec spec, long updatedAt) {
}
