package io.toolgate.gateway.conversation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;

import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.wire.ChatCompletion;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.openai.wire.ToolCall;
import io.toolgate.gateway.openai.wire.Usage;

/**
 * Records each finished request: its usage always, and for a session the new messages plus the assistant's
 * answer. Recording happens before the response ends (before {@code [DONE]}), so a client that saw the end of
 * an answer can rely on the history being stored. A failed request records nothing.
 */
@Component
public class TurnRecorder {

	private final SessionRepository sessions;

	private final Clock clock;

	private final io.toolgate.gateway.metrics.GatewayMetrics metrics;

	private final AuditLog audit;

	public TurnRecorder(SessionRepository sessions, Clock clock, io.toolgate.gateway.metrics.GatewayMetrics metrics,
			AuditLog audit) {
		this.sessions = sessions;
		this.clock = clock;
		this.metrics = metrics;
		this.audit = audit;
	}

	/** Who asked, in which session (may be null), with which new messages, for which model. */
	public record TurnContext(CurrentUser user, String sessionId, List<ChatMessage> newMessages, String model) {
	}

	public Mono<ChatCompletion> record(TurnContext context, ChatCompletion completion) {
		ChatMessage answer = null;
		if (!completion.choices().isEmpty()) {
			ChatCompletion.ResponseMessage message = completion.choices().get(0).message();
			answer = assistant(message.content(), message.toolCalls());
		}
		return save(context, answer, completion.usage()).thenReturn(completion);
	}

	/** Taps a chunk stream (which ends with a usage chunk) and stores the turn before the stream completes. */
	public Flux<ChatCompletionChunk> record(TurnContext context, Flux<ChatCompletionChunk> chunks) {
		return Flux.defer(() -> {
			StreamedAnswer answer = new StreamedAnswer();
			return chunks.doOnNext(answer::add)
				.concatWith(Mono.defer(() -> save(context, answer.toMessage(), answer.usage)).then(Mono.empty()));
		});
	}

	/**
	 * Taps a tool-loop turn and stores it (new messages, the loop's tool exchange, the answer) before it ends.
	 * A turn that stopped at a pending approval is stored when it is resumed and finishes.
	 */
	public Flux<TurnEvent> recordLoop(TurnContext context, Flux<TurnEvent> events) {
		return Flux.defer(() -> {
			StringBuilder text = new StringBuilder();
			List<ToolCall> clientCalls = new ArrayList<>();
			List<ChatMessage> generated = new ArrayList<>();
			Usage[] usage = new Usage[1];
			boolean[] finished = new boolean[1];
			return events.doOnNext(event -> {
				if (event instanceof TurnEvent.Content content) {
					text.append(content.text());
				}
				else if (event instanceof TurnEvent.ClientToolCalls calls) {
					clientCalls.addAll(calls.calls());
				}
				else if (event instanceof TurnEvent.Generated messages) {
					generated.clear();
					generated.addAll(messages.messages());
				}
				else if (event instanceof TurnEvent.Finished end) {
					usage[0] = end.usage();
					finished[0] = true;
				}
			}).concatWith(Mono.defer(() -> {
				if (!finished[0]) {
					return Mono.empty();
				}
				String content = text.isEmpty() && !clientCalls.isEmpty() ? null : text.toString();
				List<ChatMessage> exchange = new ArrayList<>(generated);
				exchange.add(assistant(content, clientCalls));
				return save(context, exchange, usage[0]).then(Mono.<TurnEvent>empty());
			}));
		});
	}

	/**
	 * Records a turn that ended without an answer (its instance stopped while it ran): the new messages, what
	 * the loop had generated, every unfinished call answered with the reason, and an assistant message saying
	 * why, so that the client reading the history and the model on the next message both see what happened.
	 */
	public Mono<Void> recordInterrupted(TurnState state, String reason) {
		CurrentUser owner = new CurrentUser(state.userId(), state.username(), io.toolgate.gateway.identity.Role.USER,
				state.apiKeyId());
		TurnContext context = new TurnContext(owner, state.sessionId(), state.request().messages(), state.request().model());
		List<ChatMessage> exchange = new ArrayList<>(state.generated());
		exchange.addAll(state.results());
		java.util.Set<String> answered = new java.util.HashSet<>();
		state.results().forEach(result -> answered.add(result.toolCallId()));
		for (ToolCall call : state.pendingCalls()) {
			if (!answered.contains(call.id())) {
				exchange.add(new ChatMessage("tool", JsonNodeFactory.instance.stringNode(reason), null, null, call.id(), null));
			}
		}
		exchange.add(assistant("This turn stopped before it finished: " + reason, null));
		return save(context, exchange, state.usage());
	}

	private Mono<Void> save(TurnContext context, ChatMessage answer, Usage usage) {
		return save(context, answer == null ? List.of() : List.of(answer), usage);
	}

	private Mono<Void> save(TurnContext context, List<ChatMessage> answer, Usage usage) {
		List<ChatMessage> messages = new ArrayList<>(context.newMessages());
		messages.addAll(answer);
		CurrentUser user = context.user();
		if (usage != null) {
			metrics.tokens(context.model(), user.username(), usage.promptTokens(), usage.completionTokens());
		}
		long at = clock.millis();
		// File I/O: never on the event loop.
		Mono<Void> audited = audit.enabled() ? Mono.<Void>fromRunnable(() -> audit.write(user.id(), user.username(),
				user.apiKeyId(), context.model(), context.sessionId(), messages, usage, at))
			.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()) : Mono.empty();
		Mono<Void> observed = usage == null ? Mono.empty() : Mono.deferContextual(reactorContext -> {
			reactorContext.getOrEmpty(UsageObserver.class)
				.ifPresent(observer -> ((UsageObserver) observer).used(usage.promptTokens(), usage.completionTokens()));
			return Mono.empty();
		});
		return audited.then(sessions.recordTurn(new SessionRepository.Turn(user.id(), user.apiKeyId(), context.sessionId(),
				context.model(), context.sessionId() == null ? List.of() : messages, usage, at))).then(observed);
	}

	private static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
		return new ChatMessage("assistant",
				content == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.stringNode(content), null,
				toolCalls == null || toolCalls.isEmpty() ? null : toolCalls, null, null);
	}

	/** Choice 0 of a stream, put back together. */
	private static final class StreamedAnswer {

		private final StringBuilder content = new StringBuilder();

		private final Map<Integer, String[]> toolCalls = new TreeMap<>();

		private Usage usage;

		void add(ChatCompletionChunk chunk) {
			if (chunk.usage() != null) {
				usage = chunk.usage();
			}
			for (ChatCompletionChunk.ChunkChoice choice : chunk.choices()) {
				if (choice.index() != 0 || choice.delta() == null) {
					continue;
				}
				if (choice.delta().content() != null) {
					content.append(choice.delta().content());
				}
				if (choice.delta().toolCalls() != null) {
					for (ChatCompletionChunk.ToolCallDelta delta : choice.delta().toolCalls()) {
						String[] call = toolCalls.computeIfAbsent(delta.index(), i -> new String[] { null, null, "" });
						if (delta.id() != null) {
							call[0] = delta.id();
						}
						if (delta.function() != null && delta.function().name() != null) {
							call[1] = delta.function().name();
						}
						if (delta.function() != null && delta.function().arguments() != null) {
							call[2] += delta.function().arguments();
						}
					}
				}
			}
		}

		ChatMessage toMessage() {
			List<ToolCall> calls = toolCalls.values().stream().map(c -> ToolCall.function(c[0], c[1], c[2])).toList();
			String text = content.isEmpty() && !calls.isEmpty() ? null : content.toString();
			return assistant(text, calls);
		}
	}
}
