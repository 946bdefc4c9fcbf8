package io.toolgate.gateway.upstream.llamacpp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import io.toolgate.gateway.upstream.ChatResponseAggregator;
import io.toolgate.gateway.upstream.UpstreamException;
import io.toolgate.gateway.upstream.llamacpp.LlamaCppProperties.SamplingDefaults;

/**
 * A Spring AI {@link ChatModel} that generates with llama.cpp inside the gateway process. Each generation
 * runs on the upstream's bounded scheduler (never on an event loop), is admitted by its model's
 * {@link GenerationGate}, streams one response per piece of text, and ends with a response carrying the
 * finish reason and the usage: prompt tokens counted with the model's tokenizer, completion tokens as
 * generated. Cancelling the stream stops the generation at the next token.
 */
public class LlamaCppChatModel implements ChatModel {

	private static final Logger log = LoggerFactory.getLogger(LlamaCppChatModel.class);

	private final String upstream;

	private final Map<String, LocalModel> models;

	private final LlamaCppProperties settings;

	private final Scheduler scheduler;

	private final JsonMapper json;

	private final AtomicBoolean closing = new AtomicBoolean();

	private final AtomicInteger generating = new AtomicInteger();

	private final LongAdder generatedTokens = new LongAdder();

	LlamaCppChatModel(String upstream, Map<String, LocalModel> models, LlamaCppProperties settings, Scheduler scheduler,
			JsonMapper json) {
		this.upstream = upstream;
		this.models = models;
		this.settings = settings;
		this.scheduler = scheduler;
		this.json = json;
	}

	/** Blocking, for Spring AI callers off the event loop; the gateway uses {@link #stream}. */
	@Override
	public ChatResponse call(Prompt prompt) {
		return stream(prompt).collectList().map(ChatResponseAggregator::aggregate).block();
	}

	@Override
	public ChatOptions getDefaultOptions() {
		return LlamaCppChatOptions.builder().build();
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return Flux.defer(() -> {
			LlamaCppChatOptions options = prompt.getOptions() instanceof LlamaCppChatOptions own ? own
					: LlamaCppChatOptions.builder().combineWith(prompt.getOptions().mutate()).build();
			LocalModel model = models.get(options.model());
			if (model == null) {
				return Flux.error(new UpstreamException(upstream, UpstreamException.Kind.STATUS, 404,
						"model '" + options.model() + "' is not configured on upstream '" + upstream + "'", null, null));
			}
			if (model.problem() != null) {
				return Flux.error(unavailable(model, model.problem()));
			}
			if (closing.get()) {
				return Flux.error(new UpstreamException(upstream, UpstreamException.Kind.UNREACHABLE, 0,
						"upstream '" + upstream + "' is shutting down", null, null));
			}
			return model.gate()
				.acquire()
				.onErrorMap(GenerationGate.QueueFullException.class,
						full -> new UpstreamException(upstream, UpstreamException.Kind.STATUS, 429,
								"model '" + model.key() + "' on upstream '" + upstream + "' is busy (" + full.getMessage()
										+ "); retry later",
								settings.retryAfter(), full))
				.flatMapMany(permit -> generation(model, prompt.getInstructions(), options, permit));
		});
	}

	private Flux<ChatResponse> generation(LocalModel model, List<Message> messages, LlamaCppChatOptions options,
			GenerationGate.Permit permit) {
		// 0 = not started, 1 = running, 2 = over. A stream cancelled before its task ran must still free its slot.
		AtomicInteger state = new AtomicInteger();
		return Flux.<ChatResponse>create(sink -> {
			if (!state.compareAndSet(0, 1)) {
				return;
			}
			try {
				generate(model, messages, options, sink);
			}
			finally {
				state.set(2);
				permit.release();
			}
		}, FluxSink.OverflowStrategy.BUFFER).subscribeOn(scheduler).doFinally(signal -> {
			if (state.compareAndSet(0, 2)) {
				permit.release();
			}
		});
	}

	private void generate(LocalModel model, List<Message> messages, LlamaCppChatOptions options,
			FluxSink<ChatResponse> sink) {
		NativeModel nativeModel;
		try {
			nativeModel = model.use();
		}
		catch (RuntimeException | Error e) {
			// The native message names the file; clients get the model key, the log gets the path and the cause.
			log.error("llama.cpp could not load model '{}' of upstream '{}' from {}", model.key(), upstream, model.file(), e);
			sink.error(unavailable(model, "llama.cpp could not load its GGUF file (the gateway log has the cause)"));
			return;
		}
		generating.incrementAndGet();
		try {
			Rendered prompt = render(nativeModel, model, messages);
			int budget = settings.contextSize() - prompt.tokens() - settings.contextMargin();
			SamplingDefaults defaults = settings.defaults();
			Integer wanted = options.maxTokens() != null ? options.maxTokens() : defaults.maxTokens();
			int maxTokens = wanted == null ? budget : Math.min(wanted, budget);
			NativeModel.Generation generation = nativeModel.generate(new GenerationRequest(prompt.text(), maxTokens,
					or(options.temperature(), defaults.temperature()), or(options.topP(), defaults.topP()),
					or(options.topK(), defaults.topK()), or(options.minP(), defaults.minP()),
					or(options.repeatPenalty(), defaults.repeatPenalty()),
					or(options.repeatLastN(), defaults.repeatLastN()), or(options.presencePenalty(), 0.0),
					or(options.frequencyPenalty(), 0.0), or(options.mirostat(), defaults.mirostat()),
					or(options.mirostatTau(), defaults.mirostatTau()), or(options.mirostatEta(), defaults.mirostatEta()),
					options.seed() == null ? null : (int) (long) options.seed()));
			StopSequences stops = new StopSequences(options.stop());
			int tokens = 0;
			String lastText = null;
			String finish = null;
			while (generation.hasNext()) {
				if (sink.isCancelled() || closing.get()) {
					generation.cancel();
					if (!sink.isCancelled()) {
						sink.error(new UpstreamException(upstream, UpstreamException.Kind.UNREACHABLE, 0,
								"upstream '" + upstream + "' is shutting down", null, null));
					}
					return;
				}
				NativeModel.Piece piece = generation.next();
				if (piece.last()) {
					break;
				}
				tokens++;
				generatedTokens.increment();
				lastText = piece.text();
				String text = stops.accept(piece.text());
				if (!text.isEmpty()) {
					sink.next(text(text));
				}
				if (stops.matched()) {
					generation.cancel();
					finish = "stop";
					break;
				}
			}
			if (finish == null) {
				// llama.cpp stops on its own only at the end-of-generation token (whose text is empty) or when
				// the budget is spent; in the latter case it generated exactly maxTokens, even if a last token
				// that split a UTF-8 character never reached us as a piece of text.
				boolean endOfText = tokens == 0 || (lastText != null && lastText.isEmpty());
				finish = endOfText ? "stop" : "length";
				tokens = endOfText ? tokens : maxTokens;
			}
			String rest = stops.flush();
			if (!rest.isEmpty()) {
				sink.next(text(rest));
			}
			sink.next(last(model.key(), finish, prompt.tokens(), tokens));
			sink.complete();
		}
		catch (PromptTooLongException e) {
			sink.error(e);
		}
		catch (RuntimeException e) {
			sink.error(new UpstreamException(upstream, UpstreamException.Kind.PROTOCOL, 0,
					"llama.cpp failed on model '" + model.key() + "' of upstream '" + upstream + "': " + e.getMessage(),
					null, e));
		}
		finally {
			generating.decrementAndGet();
			model.release();
		}
	}

	/** The prompt in the model's template, with its token count; old history dropped if configured. */
	private Rendered render(NativeModel nativeModel, LocalModel model, List<Message> messages) {
		List<Message> kept = new ArrayList<>(messages);
		while (true) {
			String text = nativeModel.applyTemplate(messagesJson(kept));
			int tokens = nativeModel.countPromptTokens(text);
			if (tokens + settings.contextMargin() < settings.contextSize()) {
				return new Rendered(text, tokens);
			}
			int oldest = firstDroppable(kept);
			if (settings.overflow() != LlamaCppProperties.Overflow.TRUNCATE || oldest < 0) {
				throw new PromptTooLongException("The messages use " + tokens + " tokens, but model '" + model.key()
						+ "' (upstream '" + upstream + "') has a context of " + settings.contextSize()
						+ " tokens per request, of which " + settings.contextMargin() + " are kept free for the answer."
						+ " Shorten the messages, or have the operator raise llamacpp.context-size"
						+ (settings.overflow() == LlamaCppProperties.Overflow.TRUNCATE ? ""
								: " or set llamacpp.overflow: truncate")
						+ ".");
			}
			kept.remove(oldest);
		}
	}

	/** The oldest message after the leading system messages, unless only the last message is left. */
	private static int firstDroppable(List<Message> messages) {
		int first = 0;
		while (first < messages.size()
				&& messages.get(first).getMessageType() == org.springframework.ai.chat.messages.MessageType.SYSTEM) {
			first++;
		}
		return first < messages.size() - 1 ? first : -1;
	}

	private String messagesJson(List<Message> messages) {
		ArrayNode array = json.createArrayNode();
		for (Message message : messages) {
			String role = switch (message.getMessageType()) {
				case SYSTEM -> "system";
				case USER -> "user";
				case ASSISTANT -> "assistant";
				case TOOL -> "tool";
			};
			array.addObject().put("role", role).put("content", message.getText() == null ? "" : message.getText());
		}
		return json.writeValueAsString(array);
	}

	private static ChatResponse text(String text) {
		return new ChatResponse(List.of(new Generation(AssistantMessage.builder().content(text).build())));
	}

	private static ChatResponse last(String model, String finish, int promptTokens, int completionTokens) {
		Generation generation = new Generation(AssistantMessage.builder().content("").build(),
				ChatGenerationMetadata.builder().finishReason(finish).build());
		return new ChatResponse(List.of(generation), ChatResponseMetadata.builder()
			.model(model)
			.usage(new DefaultUsage(promptTokens, completionTokens))
			.build());
	}

	private UpstreamException unavailable(LocalModel model, String why) {
		return new UpstreamException(upstream, UpstreamException.Kind.MODEL_UNAVAILABLE, 0,
				"model '" + model.key() + "' of upstream '" + upstream + "' is unavailable: " + why, null, null);
	}

	private static <T> T or(T value, T fallback) {
		return value != null ? value : fallback;
	}

	/** Stops new generations and makes running ones end at their next token. */
	void stopGenerating() {
		closing.set(true);
	}

	/** Generations running right now. */
	int generating() {
		return generating.get();
	}

	/** Tokens generated since start-up (all models). */
	long generatedTokens() {
		return generatedTokens.sum();
	}

	private record Rendered(String text, int tokens) {
	}

}
