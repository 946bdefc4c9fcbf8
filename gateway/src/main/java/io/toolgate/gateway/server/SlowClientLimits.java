package io.toolgate.gateway.server;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Applies {@link ServerLimitsProperties} to the Netty server: a deadline for request headers, a read timeout for
 * request bodies, and a cap on connections per client address. Without them, a client could hold any number of
 * half-sent requests open for as long as it liked.
 */
@Component
public class SlowClientLimits implements NettyServerCustomizer {

	private final ServerLimitsProperties properties;

	private final ConnectionsPerAddress connections;

	public SlowClientLimits(ServerLimitsProperties properties) {
		this.properties = properties;
		this.connections = properties.maxConnectionsPerAddress() > 0
				? new ConnectionsPerAddress(properties.maxConnectionsPerAddress()) : null;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.readTimeout(properties.bodyReadTimeout())
			.doOnChannelInit((observer, channel, remoteAddress) -> {
				if (connections != null) {
					channel.pipeline().addFirst(ConnectionsPerAddress.NAME, connections);
				}
				if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
					channel.pipeline().addAfter(NettyPipeline.HttpCodec, RequestHeaderDeadline.NAME,
							new RequestHeaderDeadline(properties.requestHeaderTimeout()));
				}
				else {
					channel.pipeline().addLast(RequestHeaderDeadline.NAME,
							new RequestHeaderDeadline(properties.requestHeaderTimeout()));
				}
			});
	}
}
