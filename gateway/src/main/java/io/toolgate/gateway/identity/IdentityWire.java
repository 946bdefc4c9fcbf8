package io.toolgate.gateway.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Request and response bodies of the identity API ({@code /api/auth}, {@code /api/users}, {@code /api/keys}). */
public final class IdentityWire {

	private IdentityWire() {
	}

	public record Credentials(String username, String password, String role) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record TokenResponse(String accessToken, String tokenType, long expiresIn) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record UserView(String id, String username, String role, boolean disabled, boolean external, long createdAt,
			boolean hasPassword) {

		static UserView of(User user) {
			return new UserView(user.id(), user.username(), user.role().dbValue(), user.disabled(), user.external(),
					user.createdAt(), user.passwordHash() != null);
		}
	}

	public record UserChange(Boolean disabled, String role, String password) {
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record KeyRequest(String name, Integer expiresInDays, String userId) {
	}

	/** A key as lists show it; {@code key} is set only in the answer that creates it. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record KeyView(String id, String name, String userId, String keyHint, long createdAt, Long lastUsedAt,
			Long expiresAt, Long revokedAt, String key) {

		static KeyView of(ApiKey key, String plain) {
			return new KeyView(key.id(), key.name(), key.userId(), key.keyHint(), key.createdAt(), key.lastUsedAt(),
					key.expiresAt(), key.revokedAt(), plain);
		}
	}
}
