package io.toolgate.gateway.cors;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cross-origin access from browser pages ({@code toolgate.cors}); off while {@code allowedOrigins} is empty.
 *
 * @param allowedOrigins origins (or patterns such as {@code https://*.example.com}) whose pages may call the gateway
 * @param allowedMethods methods they may use
 * @param allowedHeaders request headers they may send ({@code *}: any)
 * @param exposedHeaders response headers their scripts may read
 * @param maxAge how long a browser may cache a preflight answer
 */
@ConfigurationProperties("toolgate.cors")
public record CorsProperties(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
		List<String> exposedHeaders, Duration maxAge) {

	public CorsProperties {
		allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
		allowedMethods = allowedMethods == null ? List.of("GET", "POST") : List.copyOf(allowedMethods);
		allowedHeaders = allowedHeaders == null ? List.of("*") : List.copyOf(allowedHeaders);
		exposedHeaders = exposedHeaders == null ? List.of() : List.copyOf(exposedHeaders);
		maxAge = maxAge == null ? Duration.ofMinutes(30) : maxAge;
	}

	public boolean enabled() {
		return !allowedOrigins.isEmpty();
	}
}
