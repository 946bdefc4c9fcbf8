package io.toolgate.gateway.server;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits on what a client may hold open ({@code toolgate.server.*}); the idle timeout between requests is Boot's own
 * {@code server.netty.idle-timeout}.
 *
 * @param requestHeaderTimeout longest time from a connection's opening (or the end of its previous answer) to the
 * end of the next request's headers; a client that trickles its headers slower is disconnected
 * @param bodyReadTimeout longest silence while a request body is being read
 * @param maxConnectionsPerAddress most connections open at once from one client address; 0 for no limit
 */
@ConfigurationProperties("toolgate.server")
public record ServerLimitsProperties(Duration requestHeaderTimeout, Duration bodyReadTimeout,
		int maxConnectionsPerAddress) {

	public ServerLimitsProperties {
		requestHeaderTimeout = requestHeaderTimeout == null ? Duration.ofSeconds(20) : requestHeaderTimeout;
		bodyReadTimeout = bodyReadTimeout == null ? Duration.ofSeconds(30) : bodyReadTimeout;
		maxConnectionsPerAddress = Math.max(0, maxConnectionsPerAddress);
	}
}
