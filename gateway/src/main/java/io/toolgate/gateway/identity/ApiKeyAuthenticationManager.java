package io.toolgate.gateway.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Verifies API keys. A verified key is trusted for {@code toolgate.auth.api-key-cache} without another
 * database read (revoking a key or disabling a user clears the cache at once); last-used times are written
 * at most once a minute per key.
 */
@Component
public class ApiKeyAuthenticationManager {

	private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

	private final ApiKeyRepository keys;

	private final Clock clock;

	private final Cache<String, ApiKeyRepository.KeyAndUser> verified;

	public ApiKeyAuthenticationManager(ApiKeyRepository keys, IdentityProperties properties, Clock clock) {
		this.keys = keys;
		this.clock = clock;
		this.verified = Caffeine.newBuilder().expireAfterWrite(properties.apiKeyCache()).maximumSize(100_000).build();
	}

	public Mono<Authentication> authenticate(String key) {
		String hash = ApiKeyCodec.hash(key);
		ApiKeyRepository.KeyAndUser cached = verified.getIfPresent(hash);
		Mono<ApiKeyRepository.KeyAndUser> found = cached != null ? Mono.just(cached)
				: keys.findByHash(hash).doOnNext(match -> verified.put(hash, match));
		return found.switchIfEmpty(Mono.error(() -> new BadCredentialsException("Incorrect API key provided.")))
			.flatMap(this::check);
	}

	private Mono<Authentication> check(ApiKeyRepository.KeyAndUser match) {
		Instant now = clock.instant();
		ApiKey key = match.key();
		if (key.revokedAt() != null) {
			return Mono.error(new BadCredentialsException("This API key has been revoked."));
		}
		if (!key.usable(now)) {
			return Mono.error(new BadCredentialsException("This API key has expired."));
		}
		if (match.userDisabled()) {
			return Mono.error(new DisabledException("The account of this API key is disabled."));
		}
		Mono<Void> touch = key.lastUsedAt() == null || now.toEpochMilli() - key.lastUsedAt() > TOUCH_INTERVAL.toMillis()
				? keys.touch(key.id(), now.toEpochMilli()).doOnSuccess(v -> verified.invalidate(key.keyHash()))
				: Mono.empty();
		Authentication authentication = new ToolgateAuthentication(
				new CurrentUser(key.userId(), match.username(), match.role(), key.id()));
		return touch.onErrorResume(e -> Mono.empty()).thenReturn(authentication);
	}

	/** Forgets every verified key, so revocations and disabled users take effect on the next request. */
	public void forgetVerifiedKeys() {
		verified.invalidateAll();
	}
}
