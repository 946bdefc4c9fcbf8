package io.toolgate.gateway.upstream;

import java.net.http.HttpClient;
import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds the HTTP clients of one upstream: a pooled, non-blocking WebClient (sized for thousands of
 * concurrent streams) and, for the few Spring AI calls that are blocking by design, a RestClient with the
 * same timeouts.
 */
public final class UpstreamHttpClients {

	private static final int MAX_CONNECTIONS = 4096;

	private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

	private final UpstreamProperties upstream;

	private final ConnectionProvider connections;

	public UpstreamHttpClients(UpstreamProperties upstream) {
		this.upstream = upstream;
		this.connections = ConnectionProvider.builder("upstream-" + upstream.name())
			.maxConnections(MAX_CONNECTIONS)
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(Duration.ofSeconds(30))
			.evictInBackground(Duration.ofSeconds(30))
			.build();
	}

	public WebClient.Builder webClient() {
		reactor.netty.http.client.HttpClient http = reactor.netty.http.client.HttpClient.create(connections)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) upstream.connectTimeout().toMillis())
			.compress(false);
		WebClient.Builder builder = WebClient.builder()
			.baseUrl(stripSlash(upstream.baseUrl()))
			// The request id of the client's request travels upstream, so logs on both sides can be joined.
			.filter((request, next) -> reactor.core.publisher.Mono.deferContextual(context -> next.exchange(
					context.<String>getOrEmpty(io.toolgate.gateway.RequestIdFilter.CONTEXT_KEY)
						.map(id -> org.springframework.web.reactive.function.client.ClientRequest.from(request)
							.header(io.toolgate.gateway.RequestIdFilter.HEADER, id)
							.build())
						.orElse(request))))
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES));
		if (!upstream.apiKey().isBlank()) {
			builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + upstream.apiKey());
		}
		return builder;
	}

	public RestClient.Builder restClient() {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(upstream.connectTimeout()).build());
		factory.setReadTimeout(upstream.responseTimeout());
		return RestClient.builder().requestFactory(factory);
	}

	public void close() {
		connections.dispose();
	}

	static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}
}
