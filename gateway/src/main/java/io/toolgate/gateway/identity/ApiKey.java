package io.toolgate.gateway.identity;

import java.time.Instant;

/** A stored API key (never the key itself: only its hash and a hint). */
public record ApiKey(String id, String userId, String name, String keyHash, String keyHint, long createdAt,
		Long lastUsedAt, Long expiresAt, Long revokedAt) {

	public boolean usable(Instant now) {
		return revokedAt == null && (expiresAt == null || expiresAt > now.toEpochMilli());
	}
}
