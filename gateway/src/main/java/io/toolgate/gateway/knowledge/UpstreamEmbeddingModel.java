package io.toolgate.gateway.knowledge;

import java.time.Duration;
import java.util.List;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.http.HttpStatus;

import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.upstream.ModelCatalog;
import io.toolgate.gateway.upstream.UpstreamRouter;

/**
 * Embeds through an embedding model the upstreams serve, routed exactly like {@code POST /v1/embeddings}
 * (failover, retries, circuit breakers, metrics). {@link #call} blocks until the upstream answers (at most
 * {@code timeout}): it is only ever called on the knowledge workers.
 */
public class UpstreamEmbeddingModel implements EmbeddingModel {

	private final String model;

	private final ModelCatalog catalog;

	private final UpstreamRouter router;

	private final Duration timeout;

	private volatile int dimensions;

	public UpstreamEmbeddingModel(String model, ModelCatalog catalog, UpstreamRouter router, Duration timeout) {
		this.model = model;
		this.catalog = catalog;
		this.router = router;
		this.timeout = timeout;
	}

	@Override
	public EmbeddingResponse call(EmbeddingRequest request) {
		List<String> inputs = request.getInstructions();
		EmbeddingResponse response = catalog.resolve(model)
			.switchIfEmpty(reactor.core.publisher.Mono.error(() -> new OpenAiException(HttpStatus.SERVICE_UNAVAILABLE,
					"server_error", "The embedding model '" + model + "' (toolgate.knowledge.embedding.model) is not "
							+ "served by any upstream; check the configuration or GET /v1/models.",
					null, "embedding_model_unavailable", null)))
			.flatMap(route -> router.call(route, (upstream, upstreamModel) -> upstream.embed(inputs, upstreamModel, null)))
			.timeout(timeout, reactor.core.publisher.Mono.error(() -> new IllegalStateException("the embedding model '"
					+ model + "' did not answer within " + timeout + " (toolgate.knowledge.embedding.timeout)")))
			.block();
		if (response == null || response.getResults().size() != inputs.size()) {
			throw new IllegalStateException("the embedding model '" + model + "' answered "
					+ (response == null ? "nothing" : response.getResults().size() + " vectors") + " for " + inputs.size()
					+ " texts");
		}
		if (!response.getResults().isEmpty()) {
			dimensions = response.getResults().get(0).getOutput().length;
		}
		return response;
	}

	@Override
	public float[] embed(Document document) {
		return embed(document.getText() == null ? "" : document.getText());
	}

	/**
	 * The size of the vectors seen so far, 0 before the first call. Never a call of its own: the vector stores ask
	 * on every operation (for their observations), and an extra upstream request each time would be waste.
	 */
	@Override
	public int dimensions() {
		return dimensions;
	}
}
