package io.toolgate.gateway.upstream.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.upstream.ChatMessageTranslator;
import io.toolgate.gateway.upstream.RequestOptions;
import io.toolgate.gateway.upstream.Upstream;
import io.toolgate.gateway.upstream.UpstreamHttpClients;
import io.toolgate.gateway.upstream.UpstreamProperties;
import io.toolgate.gateway.upstream.UpstreamType;

/**
 * An OpenAI-compatible upstream (OpenAI, llama.cpp server, LM Studio, vLLM, OpenRouter). Everything the
 * client sent that the portable options do not cover is passed through, so the upstream itself decides
 * about vendor fields.
 */
public final class OpenAiUpstream implements Upstream {

	private final UpstreamProperties properties;

	private final WebClient webClient;

	private final OpenAiCompatibleChatModel chatModel;

	private final OpenAiCompatibleEmbeddingModel embeddingModel;

	private final ChatMessageTranslator translator = new ChatMessageTranslator();

	private final JsonMapper json;

	public OpenAiUpstream(UpstreamProperties properties, UpstreamHttpClients http, JsonMapper json) {
		this.properties = properties;
		this.json = json;
		this.webClient = http.webClient().build();
		this.chatModel = new OpenAiCompatibleChatModel(properties.name(), webClient, json);
		this.embeddingModel = new OpenAiCompatibleEmbeddingModel(webClient, json);
	}

	@Override
	public String name() {
		return properties.name();
	}

	@Override
	public UpstreamType type() {
		return UpstreamType.OPENAI;
	}

	@Override
	public String baseUrl() {
		return properties.baseUrl();
	}

	@Override
	public ChatModel chatModel() {
		return chatModel;
	}

	@Override
	public Prompt prompt(ChatCompletionRequest request, String upstreamModel) {
		OpenAiCompatibleChatOptions.Builder options = OpenAiCompatibleChatOptions.builder()
			.model(upstreamModel)
			.temperature(request.temperature())
			.topP(request.topP())
			.presencePenalty(request.presencePenalty())
			.frequencyPenalty(request.frequencyPenalty())
			.maxTokens(request.tokenLimit())
			.maxCompletionTokensField(request.maxCompletionTokens() != null)
			.stopSequences(RequestOptions.stopSequences(request.stop()))
			.seed(request.seed())
			.n(request.n())
			.toolCallbacks(RequestOptions.tools(request, json));
		passThrough(options, "response_format", request.responseFormat());
		passThrough(options, "tool_choice", request.toolChoice());
		passThrough(options, "parallel_tool_calls", request.parallelToolCalls());
		passThrough(options, "user", request.user());
		passThrough(options, "logprobs", request.logprobs());
		passThrough(options, "top_logprobs", request.topLogprobs());
		passThrough(options, "logit_bias", request.logitBias());
		passThrough(options, "reasoning_effort", request.reasoningEffort());
		for (Map.Entry<String, JsonNode> extra : request.extra().entrySet()) {
			options.passThrough(extra.getKey(), extra.getValue());
		}
		return new Prompt(translator.toMessages(request.messages()), options.build());
	}

	private void passThrough(OpenAiCompatibleChatOptions.Builder options, String field, Object value) {
		if (value != null && !(value instanceof JsonNode node && node.isNull())) {
			options.passThrough(field, json.valueToTree(value));
		}
	}

	@Override
	public Mono<ChatResponse> call(Prompt prompt) {
		return chatModel.callReactive(prompt);
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return chatModel.stream(prompt);
	}

	@Override
	public Mono<EmbeddingResponse> embed(List<String> inputs, String upstreamModel, Integer dimensions) {
		EmbeddingOptions options = EmbeddingOptions.builder().model(upstreamModel).dimensions(dimensions).build();
		return embeddingModel.callReactive(new EmbeddingRequest(inputs, options));
	}

	@Override
	public Mono<List<DiscoveredModel>> discoverModels() {
		return webClient.get().uri("/models").retrieve().bodyToMono(JsonNode.class).map(body -> {
			List<DiscoveredModel> models = new ArrayList<>();
			for (JsonNode model : body.path("data")) {
				models.add(new DiscoveredModel(model.path("id").asString(), model.path("created").asLong(0)));
			}
			return models;
		});
	}
}
