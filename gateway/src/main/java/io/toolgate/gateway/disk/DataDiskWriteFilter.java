package io.toolgate.gateway.disk;

import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Below the data disk's floor, refuses requests that write (POST, PUT, PATCH) with 507 before they start, so none
 * fails half-way with its data half-stored. Reads and deletes (which free space) still pass, and so do the few
 * POSTs that store nothing: signing in and vector store searches.
 */
@Component
@Order(0) // after security: an anonymous caller learns nothing about the disk
public class DataDiskWriteFilter implements WebFilter {

	private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

	private final DataDiskGuard guard;

	public DataDiskWriteFilter(DataDiskGuard guard) {
		this.guard = guard;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!guard.belowFloor() || !WRITES.contains(exchange.getRequest().getMethod())
				|| storesNothing(exchange.getRequest().getPath().value())) {
			return chain.filter(exchange);
		}
		return Mono.error(new DataDiskFullException(guard.refusal(), null));
	}

	private static boolean storesNothing(String path) {
		return path.equals("/api/auth/login") || path.startsWith("/v1/vector_stores/") && path.endsWith("/search");
	}
}
