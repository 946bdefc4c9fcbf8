package io.toolgate.gateway.openai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import io.toolgate.gateway.openai.wire.EmbeddingsRequest;
import io.toolgate.gateway.openai.wire.EmbeddingsResponse;
import io.toolgate.gateway.upstream.ModelCatalog;
import io.toolgate.gateway.upstream.UpstreamRouter;

/** {@code POST /v1/embeddings} through the model's upstream embedding model. */
@RestController
public class EmbeddingsController {

	private static final int MAX_INPUTS = 2048;

	private final RequestBodyReader reader;

	private final ModelCatalog catalog;

	private final UpstreamRouter router;

	public EmbeddingsController(RequestBodyReader reader, ModelCatalog catalog, UpstreamRouter router) {
		this.reader = reader;
		this.catalog = catalog;
		this.router = router;
	}

	@PostMapping("/v1/embeddings")
	public Mono<EmbeddingsResponse> create(@RequestBody(required = false) byte[] body,
			org.springframework.web.server.ServerWebExchange exchange) {
		EmbeddingsRequest request = reader.read(body, EmbeddingsRequest.class);
		exchange.getAttributes().put(io.toolgate.gateway.metrics.RequestMetricsFilter.MODEL, String.valueOf(request.model()));
		if (request.model() == null || request.model().isBlank()) {
			throw OpenAiException.invalidRequest("you must provide a model parameter", "model");
		}
		List<String> inputs = inputs(request.input());
		if (request.encodingFormat() != null && !List.of("float", "base64").contains(request.encodingFormat())) {
			throw OpenAiException.invalidRequest("'encoding_format' must be 'float' or 'base64'", "encoding_format");
		}
		if (request.dimensions() != null && request.dimensions() < 1) {
			throw OpenAiException.invalidRequest("'dimensions' must be at least 1", "dimensions");
		}
		return ModelAdmission.admit(exchange, request.model(), body).then(Mono.defer(() -> catalog.resolve(request.model())))
			.switchIfEmpty(Mono.error(() -> OpenAiException.modelNotFound(request.model())))
			.flatMap(route -> router.call(route,
					(upstream, model) -> upstream.embed(inputs, model, request.dimensions())))
			.map(response -> toWire(response, request));
	}

	private static List<String> inputs(JsonNode input) {
		if (input == null || input.isNull()) {
			throw OpenAiException.invalidRequest("'input' is required", "input");
		}
		if (input.isString()) {
			if (input.asString().isEmpty()) {
				throw OpenAiException.invalidRequest("'input' must not be empty", "input");
			}
			return List.of(input.asString());
		}
		if (!input.isArray() || input.isEmpty() || input.size() > MAX_INPUTS) {
			throw OpenAiException.invalidRequest("'input' must be a string or an array of 1 to " + MAX_INPUTS + " strings",
					"input");
		}
		List<String> inputs = new ArrayList<>();
		for (int i = 0; i < input.size(); i++) {
			JsonNode item = input.get(i);
			if (!item.isString()) {
				throw OpenAiException.invalidRequest(
						"'input' must contain strings; token arrays are not supported by this gateway, send the text",
						"input[" + i + "]");
			}
			if (item.asString().isEmpty()) {
				throw OpenAiException.invalidRequest("'input' must not contain empty strings", "input[" + i + "]");
			}
			inputs.add(item.asString());
		}
		return inputs;
	}

	private static EmbeddingsResponse toWire(EmbeddingResponse response, EmbeddingsRequest request) {
		List<EmbeddingsResponse.Embedding> data = new ArrayList<>();
		List<Embedding> results = response.getResults();
		for (int i = 0; i < results.size(); i++) {
			float[] vector = results.get(i).getOutput();
			Object encoded = request.base64() ? base64(vector) : vector;
			int index = results.get(i).getIndex() == null ? i : results.get(i).getIndex();
			data.add(new EmbeddingsResponse.Embedding("embedding", index, encoded));
		}
		var usage = response.getMetadata() == null ? null : response.getMetadata().getUsage();
		int prompt = usage == null || usage.getPromptTokens() == null ? 0 : usage.getPromptTokens();
		return new EmbeddingsResponse("list", data, request.model(), new EmbeddingsResponse.EmbeddingUsage(prompt, prompt));
	}

	private static String base64(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(vector);
		return Base64.getEncoder().encodeToString(bytes.array());
	}
}
