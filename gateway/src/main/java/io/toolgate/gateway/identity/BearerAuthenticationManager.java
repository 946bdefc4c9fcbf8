package io.toolgate.gateway.identity;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/** A bearer value that is a JWT is validated as one; anything else is looked up as an API key. */
@Component
public class BearerAuthenticationManager implements ReactiveAuthenticationManager {

	private final JwtAuthenticationManager jwts;

	private final ApiKeyAuthenticationManager apiKeys;

	public BearerAuthenticationManager(JwtAuthenticationManager jwts, ApiKeyAuthenticationManager apiKeys) {
		this.jwts = jwts;
		this.apiKeys = apiKeys;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		return JwtAuthenticationManager.looksLikeJwt(token) ? jwts.authenticate(token) : apiKeys.authenticate(token);
	}
}
