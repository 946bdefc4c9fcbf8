package io.toolgate.gateway.identity;

/** A stored user. {@code passwordHash} is null for users who sign in only with keys or external tokens. */
public record User(String id, String username, String passwordHash, Role role, boolean disabled, boolean external,
		long createdAt) {
}
