package io.toolgate.gateway.upstream.llamacpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.args.LogFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.upstream.ChatMessageTranslator;
import io.toolgate.gateway.upstream.ChatResponseAggregator;
import io.toolgate.gateway.upstream.RequestOptions;
import io.toolgate.gateway.upstream.UnsupportedParameterException;
import io.toolgate.gateway.upstream.Upstream;
import io.toolgate.gateway.upstream.UpstreamException;
import io.toolgate.gateway.upstream.UpstreamProperties;
import io.toolgate.gateway.upstream.UpstreamType;
import io.toolgate.gateway.upstream.llamacpp.GgufReader.InvalidModelFileException;

/**
 * An upstream that runs llama.cpp inside the gateway: each configured model key names a GGUF file, checked at
 * start-up and loaded on first use. A model whose file is missing or unusable stays listed, and requests for
 * it get 503 with the reason; start-up logs the same reason. Idle models are unloaded; shutdown never waits
 * long on the native library.
 */
public final class LlamaCppUpstream implements Upstream, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LlamaCppUpstream.class);

	private static final Logger nativeLog = LoggerFactory.getLogger("io.toolgate.gateway.upstream.llamacpp.native");

	/** Extension fields llama.cpp understands, mapped onto its samplers. */
	private static final Set<String> EXTENSIONS = Set.of("top_k", "min_p", "repeat_penalty", "repeat_last_n",
			"mirostat", "mirostat_tau", "mirostat_eta");

	/** OpenAI fields that only describe the caller or OpenAI's platform; accepted and not used. */
	private static final Set<String> IGNORED = Set.of("store", "metadata", "service_tier", "prompt_cache_key",
			"safety_identifier");

	private final UpstreamProperties properties;

	private final LlamaCppProperties settings;

	private final Map<String, LocalModel> models;

	private final Scheduler scheduler;

	private final ScheduledExecutorService housekeeping;

	private final ModelCloser closer;

	private final LlamaCppChatModel chatModel;

	private final ChatMessageTranslator translator = new ChatMessageTranslator();

	/** Builds the upstream with java-llama.cpp as the native runtime. */
	public LlamaCppUpstream(UpstreamProperties properties, JsonMapper json) {
		this(properties, json, (file, metadata, settings) -> {
			routeNativeLogs();
			return KherudNativeModel.load(file, metadata, settings);
		});
	}

	/** Loads native models; replaceable so tests can use models that misbehave. */
	@FunctionalInterface
	public interface Loader {

		NativeModel load(Path file, GgufMetadata metadata, LlamaCppProperties settings);
	}

	public LlamaCppUpstream(UpstreamProperties properties, JsonMapper json, Loader loader) {
		this.properties = properties;
		this.settings = properties.llamacpp();
		if (settings.chatTemplate() != null && !ChatTemplates.BUILT_IN.contains(settings.chatTemplate())) {
			throw new IllegalStateException("upstream '" + properties.name() + "': llamacpp.chat-template '"
					+ settings.chatTemplate() + "' is not a llama.cpp built-in template; use one of "
					+ ChatTemplates.BUILT_IN.stream().sorted().toList());
		}
		GgufReader reader = new GgufReader();
		Map<String, LocalModel> byKey = new LinkedHashMap<>();
		properties.models().forEach((key, location) -> {
			Path file = Path.of(location).toAbsolutePath().normalize();
			GgufMetadata metadata = null;
			// What clients are told names the model key, never the file: server paths stay in the log.
			String problem;
			try {
				metadata = reader.read(file);
				problem = metadata.chatTemplate().isPresent() || settings.chatTemplate() != null ? null
						: "its GGUF file has no chat template in its metadata and none is configured; set "
								+ "llamacpp.chat-template of upstream '" + properties.name() + "' (e.g. chatml, llama2, "
								+ "llama3, mistral-v7)";
			}
			catch (InvalidModelFileException e) {
				problem = "its GGUF file " + e.reason();
			}
			if (problem != null) {
				log.error("llamacpp upstream '{}': model '{}' ({}) cannot be served: {}", properties.name(), key, file,
						problem);
			}
			else {
				log.info("llamacpp upstream '{}': model '{}' is {} ({}; loaded on first use)", properties.name(), key,
						file, metadata.string("general.name").orElse("unnamed"));
			}
			GgufMetadata found = metadata;
			byKey.put(key, new LocalModel(key, file, metadata, problem,
					new GenerationGate(settings.maxConcurrent(), settings.maxQueue()),
					() -> loader.load(file, found, settings)));
		});
		this.models = Map.copyOf(byKey);
		int threads = Math.max(2, models.size() * (settings.maxConcurrent() + 1));
		this.scheduler = Schedulers.newBoundedElastic(threads, 100_000, "llamacpp-" + properties.name(), 60, true);
		this.closer = new ModelCloser(settings.closeTimeout());
		this.chatModel = new LlamaCppChatModel(properties.name(), models, settings, scheduler, json);
		this.housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "llamacpp-unload-" + properties.name());
			thread.setDaemon(true);
			return thread;
		});
		if (!settings.idleUnload().isZero() && !settings.idleUnload().isNegative()) {
			long every = Math.max(100, Math.min(settings.idleUnload().toMillis() / 4, 30_000));
			housekeeping.scheduleWithFixedDelay(this::unloadIdle, every, every, TimeUnit.MILLISECONDS);
		}
	}

	/** llama.cpp logs to stdout by default; route it to SLF4J (debug, warnings and errors above that). */
	private static void routeNativeLogs() {
		LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
			String line = message.stripTrailing();
			if (line.isEmpty()) {
				return;
			}
			if (level == LogLevel.ERROR) {
				nativeLog.error(line);
			}
			else if (level == LogLevel.WARN) {
				nativeLog.warn(line);
			}
			else {
				nativeLog.debug(line);
			}
		});
	}

	private void unloadIdle() {
		try {
			List<ModelCloser.Closing> idle = new ArrayList<>();
			for (LocalModel model : models.values()) {
				NativeModel detached = model.detachIfIdle(settings.idleUnload().toNanos());
				if (detached != null) {
					log.info("llamacpp upstream '{}': unloading model '{}' (idle for {})", name(), model.key(),
							settings.idleUnload());
					idle.add(new ModelCloser.Closing(name() + "/" + model.key(), detached));
				}
			}
			if (!idle.isEmpty()) {
				closer.closeAll(idle);
			}
		}
		catch (RuntimeException e) {
			log.warn("llamacpp upstream '{}': idle unload failed", name(), e);
		}
	}

	@Override
	public String name() {
		return properties.name();
	}

	@Override
	public UpstreamType type() {
		return UpstreamType.LLAMACPP;
	}

	@Override
	public String baseUrl() {
		return "in-process llama.cpp";
	}

	@Override
	public ChatModel chatModel() {
		return chatModel;
	}

	@Override
	public Prompt prompt(ChatCompletionRequest request, String upstreamModel) {
		refuseUnsupported(request);
		LlamaCppChatOptions.Builder options = LlamaCppChatOptions.builder()
			.model(upstreamModel)
			.temperature(request.temperature())
			.topP(request.topP())
			.maxTokens(request.tokenLimit())
			.stopSequences(RequestOptions.stopSequences(request.stop()))
			.presencePenalty(request.presencePenalty())
			.frequencyPenalty(request.frequencyPenalty())
			.seed(request.seed());
		request.extra().forEach((field, value) -> {
			switch (field) {
				case "top_k" -> options.topK(integer(field, value, 0, Integer.MAX_VALUE));
				case "min_p" -> options.minP(number(field, value, 0, 1));
				case "repeat_penalty" -> options.repeatPenalty(number(field, value, 0, 10));
				case "repeat_last_n" -> options.repeatLastN(integer(field, value, -1, Integer.MAX_VALUE));
				case "mirostat" -> options.mirostat(integer(field, value, 0, 2));
				case "mirostat_tau" -> options.mirostatTau(number(field, value, 0, 100));
				case "mirostat_eta" -> options.mirostatEta(number(field, value, 0, 1));
				default -> {
				}
			}
		});
		return new Prompt(translator.toMessages(request.messages()), options.build());
	}

	private void refuseUnsupported(ChatCompletionRequest request) {
		if (request.tools() != null && !request.tools().isEmpty()
				&& !"none".equals(RequestOptions.toolChoiceMode(request.toolChoice()))) {
			unsupported("tools", "tool calling");
		}
		if (request.choiceCount() > 1) {
			unsupported("n", "n > 1");
		}
		if (Boolean.TRUE.equals(request.logprobs()) || request.topLogprobs() != null) {
			unsupported(request.topLogprobs() != null ? "top_logprobs" : "logprobs", "logprobs");
		}
		if (request.logitBias() != null && !request.logitBias().isNull() && !request.logitBias().isEmpty()) {
			unsupported("logit_bias", "logit_bias");
		}
		JsonNode format = request.responseFormat();
		if (format != null && format.isObject() && !"text".equals(format.path("type").asString("text"))) {
			unsupported("response_format", "response_format '" + format.path("type").asString() + "'");
		}
		if (request.reasoningEffort() != null) {
			unsupported("reasoning_effort", "reasoning_effort");
		}
		for (String field : request.extra().keySet()) {
			if (!EXTENSIONS.contains(field) && !IGNORED.contains(field)) {
				throw new UnsupportedParameterException(field, "Unrecognized request argument supplied: " + field
						+ " (upstream '" + name() + "' is llama.cpp in-process; it accepts " + EXTENSIONS.stream().sorted().toList() + ")");
			}
		}
		List<ChatMessage> messages = request.messages();
		for (int i = 0; i < messages.size(); i++) {
			ChatMessage message = messages.get(i);
			if ("tool".equals(message.role()) || (message.toolCalls() != null && !message.toolCalls().isEmpty())) {
				unsupported("messages[" + i + "]", "tool calls and tool results in messages");
			}
			if (message.content() != null && message.content().isArray()) {
				for (JsonNode part : message.content()) {
					String type = part.path("type").asString("");
					if (!"text".equals(type)) {
						unsupported("messages[" + i + "].content", "content parts of type '" + type + "'");
					}
				}
			}
		}
	}

	private Integer integer(String field, JsonNode value, int min, int max) {
		if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
			throw new UnsupportedParameterException(field, field + " must be an integer from " + min + " to " + max
					+ ", was " + value);
		}
		return value.asInt();
	}

	private Double number(String field, JsonNode value, double min, double max) {
		if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
			throw new UnsupportedParameterException(field, field + " must be a number from " + min + " to " + max
					+ ", was " + value);
		}
		return value.asDouble();
	}

	private void unsupported(String param, String what) {
		throw new UnsupportedParameterException(param,
				what + " is not supported by upstream '" + name() + "' (llama.cpp in-process)");
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
		return Mono.error(new UpstreamException(name(), UpstreamException.Kind.STATUS, 404,
				"upstream '" + name() + "' (llama.cpp in-process) serves chat models only, no embeddings", null, null));
	}

	/** The configured models that can be served, created at their file's modification time. */
	@Override
	public Mono<List<DiscoveredModel>> discoverModels() {
		return Mono.fromCallable(() -> {
			List<DiscoveredModel> found = new ArrayList<>();
			for (LocalModel model : models.values()) {
				if (model.problem() == null) {
					found.add(new DiscoveredModel(model.key(), modified(model.file())));
				}
			}
			return found;
		}).subscribeOn(scheduler);
	}

	private static long modified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toMillis() / 1000;
		}
		catch (IOException e) {
			return 0;
		}
	}

	/** Whether a model key is loaded right now (for tests and diagnostics). */
	public boolean isLoaded(String key) {
		LocalModel model = models.get(key);
		return model != null && model.isLoaded();
	}

	/** How many times a model key was loaded since start-up. */
	public long loads(String key) {
		LocalModel model = models.get(key);
		return model == null ? 0 : model.loads();
	}

	/** Generations running right now, all models. */
	public int generating() {
		return chatModel.generating();
	}

	/** Tokens generated since start-up, all models. */
	public long generatedTokens() {
		return chatModel.generatedTokens();
	}

	/**
	 * Stops generating and releases the models, waiting at most {@code llamacpp.close-timeout}; whatever
	 * the native library does not release in time is abandoned.
	 */
	@Override
	public void close() {
		chatModel.stopGenerating();
		housekeeping.shutdownNow();
		List<ModelCloser.Closing> loaded = new ArrayList<>();
		for (LocalModel model : models.values()) {
			NativeModel detached = model.detach();
			if (detached != null) {
				loaded.add(new ModelCloser.Closing(name() + "/" + model.key(), detached));
			}
		}
		closer.closeAll(loaded);
		scheduler.dispose();
	}
}
