package io.toolgate.gateway.upstream.ollama;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.OllamaEmbeddingModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.ai.ollama.api.OllamaEmbeddingOptions;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.upstream.ChatMessageTranslator;
import io.toolgate.gateway.upstream.ChatResponseAggregator;
import io.toolgate.gateway.upstream.RequestOptions;
import io.toolgate.gateway.upstream.UnsupportedParameterException;
import io.toolgate.gateway.upstream.Upstream;
import io.toolgate.gateway.upstream.UpstreamHttpClients;
import io.toolgate.gateway.upstream.UpstreamProperties;
import io.toolgate.gateway.upstream.UpstreamType;

/**
 * An Ollama upstream through Spring AI's {@link OllamaChatModel} (native {@code /api/chat}). Non-streaming
 * requests are answered from the model's streaming call, which is non-blocking; the model's own
 * {@code call} uses a blocking client and retries, neither of which a gateway wants.
 */
public final class OllamaUpstream implements Upstream {

	/** Ollama-specific request fields accepted as extensions, mapped onto Ollama's options. */
	private static final Set<String> EXTENSIONS = Set.of("top_k", "min_p", "repeat_penalty", "repeat_last_n",
			"mirostat", "mirostat_tau", "mirostat_eta", "num_ctx", "keep_alive");

	/** OpenAI fields that only describe the caller or OpenAI's platform; accepted and not sent on. */
	private static final Set<String> IGNORED = Set.of("store", "metadata", "service_tier", "prompt_cache_key",
			"safety_identifier");

	private final UpstreamProperties properties;

	private final OllamaChatModel chatModel;

	private final OllamaEmbeddingModel embeddingModel;

	private final WebClient webClient;

	private final Scheduler blockingCalls;

	private final JsonMapper json;

	private final ChatMessageTranslator translator = new ChatMessageTranslator();

	public OllamaUpstream(UpstreamProperties properties, UpstreamHttpClients http, JsonMapper json,
			ObservationRegistry observations, Scheduler blockingCalls) {
		this.properties = properties;
		this.json = json;
		this.blockingCalls = blockingCalls;
		this.webClient = http.webClient().build();
		OllamaApi api = OllamaApi.builder()
			.baseUrl(properties.baseUrl())
			.webClientBuilder(http.webClient())
			.restClientBuilder(http.restClient())
			.build();
		this.chatModel = OllamaChatModel.builder()
			.ollamaApi(api)
			.options(OllamaChatOptions.builder().model("default").build())
			.observationRegistry(observations)
			.retryTemplate(new RetryTemplate(RetryPolicy.withMaxRetries(0)))
			.build();
		this.embeddingModel = OllamaEmbeddingModel.builder()
			.ollamaApi(api)
			.options(OllamaEmbeddingOptions.builder().model("default").build())
			.observationRegistry(observations)
			.build();
	}

	@Override
	public String name() {
		return properties.name();
	}

	@Override
	public UpstreamType type() {
		return UpstreamType.OLLAMA;
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
		refuseUnsupported(request);
		OllamaChatOptions.Builder options = OllamaChatOptions.builder();
		options.model(upstreamModel);
		options.temperature(request.temperature());
		options.topP(request.topP());
		options.presencePenalty(request.presencePenalty());
		options.frequencyPenalty(request.frequencyPenalty());
		options.numPredict(request.tokenLimit());
		options.stop(RequestOptions.stopSequences(request.stop()));
		if (request.seed() != null) {
			options.seed((int) (long) request.seed());
		}
		if (!"none".equals(RequestOptions.toolChoiceMode(request.toolChoice()))) {
			options.toolCallbacks(RequestOptions.tools(request, json));
		}
		JsonNode format = request.responseFormat();
		if (format != null && format.isObject()) {
			switch (format.path("type").asString("")) {
				case "json_object" -> options.format("json");
				case "json_schema" -> options.format(json.convertValue(format.path("json_schema").path("schema"), Map.class));
				default -> {
				}
			}
		}
		if (request.reasoningEffort() != null) {
			switch (request.reasoningEffort()) {
				case "none", "minimal" -> options.disableThinking();
				case "low" -> options.thinkLow();
				case "medium" -> options.thinkMedium();
				case "high" -> options.thinkHigh();
				default -> throw new UnsupportedParameterException("reasoning_effort",
						"reasoning_effort '" + request.reasoningEffort() + "' is not one of none, minimal, low, medium, high");
			}
		}
		applyExtensions(request.extra(), options);
		return new Prompt(translator.toMessages(request.messages()), options.build());
	}

	private void refuseUnsupported(ChatCompletionRequest request) {
		if (request.choiceCount() > 1) {
			unsupported("n", "n > 1");
		}
		if (Boolean.TRUE.equals(request.logprobs()) || request.topLogprobs() != null) {
			unsupported(request.topLogprobs() != null ? "top_logprobs" : "logprobs", "logprobs");
		}
		if (request.logitBias() != null && !request.logitBias().isNull() && !request.logitBias().isEmpty()) {
			unsupported("logit_bias", "logit_bias");
		}
		String toolChoice = RequestOptions.toolChoiceMode(request.toolChoice());
		if (toolChoice == null || "required".equals(toolChoice)) {
			unsupported("tool_choice", "forcing a tool call (tool_choice 'required' or a named function)");
		}
		for (String field : request.extra().keySet()) {
			if (!EXTENSIONS.contains(field) && !IGNORED.contains(field)) {
				throw new UnsupportedParameterException(field, "Unrecognized request argument supplied: " + field
						+ " (upstream '" + name() + "' is an Ollama server)");
			}
		}
		List<ChatMessage> messages = request.messages();
		for (int i = 0; i < messages.size(); i++) {
			ChatMessage message = messages.get(i);
			if (message.content() != null && message.content().isArray()) {
				for (JsonNode part : message.content()) {
					String type = part.path("type").asString("");
					if ("image_url".equals(type) && !part.path("image_url").path("url").asString("").startsWith("data:")) {
						unsupported("messages[" + i + "].content",
								"image URLs (send the image inline as a data: URL)");
					}
					if (!Set.of("text", "image_url", "refusal").contains(type)) {
						unsupported("messages[" + i + "].content", "content parts of type '" + type + "'");
					}
				}
			}
			if (message.toolCalls() != null) {
				for (int j = 0; j < message.toolCalls().size(); j++) {
					String arguments = message.toolCalls().get(j).function().arguments();
					if (!isJsonObject(arguments)) {
						throw new UnsupportedParameterException(
								"messages[" + i + "].tool_calls[" + j + "].function.arguments",
								"tool call arguments must be a JSON object for upstream '" + name() + "' (Ollama)");
					}
				}
			}
		}
	}

	private boolean isJsonObject(String text) {
		try {
			return text != null && json.readTree(text).isObject();
		}
		catch (RuntimeException e) {
			return false;
		}
	}

	private void unsupported(String param, String what) {
		throw new UnsupportedParameterException(param,
				what + " is not supported by upstream '" + name() + "' (Ollama)");
	}

	private static void applyExtensions(Map<String, JsonNode> extra, OllamaChatOptions.Builder options) {
		extra.forEach((field, value) -> {
			switch (field) {
				case "top_k" -> options.topK(value.asInt());
				case "min_p" -> options.minP(value.asDouble());
				case "repeat_penalty" -> options.repeatPenalty(value.asDouble());
				case "repeat_last_n" -> options.repeatLastN(value.asInt());
				case "mirostat" -> options.mirostat(value.asInt());
				case "mirostat_tau" -> options.mirostatTau((float) value.asDouble());
				case "mirostat_eta" -> options.mirostatEta((float) value.asDouble());
				case "num_ctx" -> options.numCtx(value.asInt());
				case "keep_alive" -> options.keepAlive(value.asString());
				default -> {
				}
			}
		});
	}

	@Override
	public Mono<ChatResponse> call(Prompt prompt) {
		return stream(prompt).collectList().map(ChatResponseAggregator::aggregate);
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return chatModel.stream(prompt);
	}

	@Override
	public Mono<EmbeddingResponse> embed(List<String> inputs, String upstreamModel, Integer dimensions) {
		OllamaEmbeddingOptions options = OllamaEmbeddingOptions.builder().model(upstreamModel).dimensions(dimensions).build();
		// OllamaEmbeddingModel is blocking by design: keep it off the event loop.
		return Mono.fromCallable(() -> embeddingModel.call(new EmbeddingRequest(inputs, options)))
			.subscribeOn(blockingCalls);
	}

	@Override
	public Mono<List<DiscoveredModel>> discoverModels() {
		return webClient.get().uri("/api/tags").retrieve().bodyToMono(JsonNode.class).map(body -> {
			List<DiscoveredModel> models = new ArrayList<>();
			for (JsonNode model : body.path("models")) {
				long created = 0;
				try {
					created = Instant.parse(model.path("modified_at").asString("")).getEpochSecond();
				}
				catch (RuntimeException unparsable) {
					// Ollama's timestamps carry a zone offset; fall back to 0 rather than fail discovery.
					created = parseOffset(model.path("modified_at").asString(""));
				}
				models.add(new DiscoveredModel(model.path("name").asString(), created));
			}
			return models;
		});
	}

	private static long parseOffset(String timestamp) {
		try {
			return java.time.OffsetDateTime.parse(timestamp).toEpochSecond();
		}
		catch (RuntimeException e) {
			return 0;
		}
	}
}
