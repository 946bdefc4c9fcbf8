package io.toolgate.gateway.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import io.toolgate.gateway.conversation.ToolLoopPlanner;
import io.toolgate.gateway.openai.OpenAiErrors;
import io.toolgate.gateway.upstream.ModelCatalog;

/**
 * Measures each model request (chat completions, embeddings): count by status, end-to-end time, requests in
 * flight, and the gateway's own share of the time (total minus the time upstreams took). Controllers name the
 * model in an exchange attribute; ids nobody serves are labelled {@code other} to keep labels bounded.
 */
@Component
public class RequestMetricsFilter implements WebFilter {

	/** Exchange attribute: the requested model. */
	public static final String MODEL = "toolgate.metrics.model";

	/** Exchange attribute: whether the answer streams. */
	public static final String STREAM = "toolgate.metrics.stream";

	private final GatewayMetrics metrics;

	private final OpenAiErrors errors;

	private final ModelCatalog catalog;

	private final ToolLoopPlanner agents;

	public RequestMetricsFilter(GatewayMetrics metrics, OpenAiErrors errors, ModelCatalog catalog, ToolLoopPlanner agents) {
		this.metrics = metrics;
		this.errors = errors;
		this.catalog = catalog;
		this.agents = agents;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		String endpoint = switch (path) {
			case "/v1/chat/completions" -> "chat";
			case "/v1/embeddings" -> "embeddings";
			default -> null;
		};
		if (endpoint == null) {
			return chain.filter(exchange);
		}
		long start = System.nanoTime();
		UpstreamTime upstream = new UpstreamTime();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		metrics.requestsInFlight().incrementAndGet();
		return chain.filter(exchange)
			.doOnError(failure::set)
			.contextWrite(context -> context.put(UpstreamTime.class, upstream))
			.doFinally(signal -> {
				metrics.requestsInFlight().decrementAndGet();
				metrics.request(endpoint, model(exchange), status(exchange, signal, failure.get()),
						Boolean.TRUE.equals(exchange.getAttribute(STREAM)), Duration.ofNanos(System.nanoTime() - start),
						upstream.total());
			});
	}

	private String model(ServerWebExchange exchange) {
		String model = exchange.getAttribute(MODEL);
		if (model == null) {
			return "none";
		}
		return catalog.find(model).isPresent() || agents.profile(model).isPresent() ? model : "other";
	}

	/** The status the client got: an error is mapped as the error handler will map it; a cancel is 499. */
	private int status(ServerWebExchange exchange, SignalType signal, Throwable failure) {
		if (failure != null) {
			return errors.toOpenAi(failure).status().value();
		}
		if (signal == SignalType.CANCEL) {
			return 499;
		}
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		return status == null ? 200 : status.value();
	}
}
