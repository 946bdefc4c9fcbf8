package io.toolgate.gateway.upstream.openai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Spring AI {@link EmbeddingModel} for OpenAI-compatible {@code /embeddings}, on WebClient. Vectors are
 * requested as base64 (a quarter of the JSON size) and decoded here.
 */
public class OpenAiCompatibleEmbeddingModel implements EmbeddingModel {

	private final WebClient webClient;

	private final JsonMapper json;

	public OpenAiCompatibleEmbeddingModel(WebClient webClient, JsonMapper json) {
		this.webClient = webClient;
		this.json = json;
	}

	@Override
	public EmbeddingResponse call(EmbeddingRequest request) {
		return callReactive(request).block();
	}

	public Mono<EmbeddingResponse> callReactive(EmbeddingRequest request) {
		EmbeddingOptions options = request.getOptions();
		ObjectNode body = json.createObjectNode();
		body.put("model", options == null ? null : options.getModel());
		body.set("input", json.valueToTree(request.getInstructions()));
		body.put("encoding_format", "base64");
		if (options != null && options.getDimensions() != null) {
			body.put("dimensions", options.getDimensions());
		}
		return webClient.post()
			.uri("/embeddings")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.map(this::toResponse);
	}

	private EmbeddingResponse toResponse(JsonNode body) {
		List<Embedding> embeddings = new ArrayList<>();
		for (JsonNode item : body.path("data")) {
			JsonNode vector = item.path("embedding");
			embeddings.add(new Embedding(vector.isString() ? decode(vector.asString()) : floats(vector),
					item.path("index").asInt(embeddings.size())));
		}
		JsonNode usage = body.path("usage");
		return new EmbeddingResponse(embeddings, new EmbeddingResponseMetadata(body.path("model").asString(""),
				new DefaultUsage(usage.path("prompt_tokens").asInt(0), 0, usage.path("total_tokens").asInt(0))));
	}

	static float[] decode(String base64) {
		ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
		float[] vector = new float[bytes.remaining() / 4];
		bytes.asFloatBuffer().get(vector);
		return vector;
	}

	private static float[] floats(JsonNode array) {
		float[] vector = new float[array.size()];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = (float) array.get(i).asDouble();
		}
		return vector;
	}

	@Override
	public float[] embed(Document document) {
		return embed(document.getText());
	}
}
