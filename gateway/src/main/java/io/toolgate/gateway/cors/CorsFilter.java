package io.toolgate.gateway.cors;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for browser pages on other origins, before security: a preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered here without credentials, as browsers send none with it, and
 * never reaches authentication; actual requests get the CORS headers and are then authenticated as usual.
 * Credentials are never allowed (no cookies: clients send bearer keys). Does nothing when CORS is off.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class CorsFilter implements WebFilter {

	private final CorsWebFilter cors;

	public CorsFilter(CorsProperties properties) {
		this.cors = properties.enabled() ? new CorsWebFilter(source(properties)) : null;
	}

	private static UrlBasedCorsConfigurationSource source(CorsProperties properties) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOriginPatterns(properties.allowedOrigins());
		configuration.setAllowedMethods(properties.allowedMethods());
		configuration.setAllowedHeaders(properties.allowedHeaders());
		configuration.setExposedHeaders(properties.exposedHeaders());
		configuration.setAllowCredentials(false);
		configuration.setMaxAge(properties.maxAge());
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", configuration);
		return source;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return cors == null ? chain.filter(exchange) : cors.filter(exchange, chain);
	}
}
