package io.toolgate.gateway.openai;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.approval.ApprovalProperties;
import io.toolgate.gateway.conversation.SessionMemory;
import io.toolgate.gateway.conversation.ToolLoop;
import io.toolgate.gateway.conversation.ToolLoopPlanner;
import io.toolgate.gateway.conversation.TurnRecorder;
import io.toolgate.gateway.conversation.TurnState;
import io.toolgate.gateway.files.AttachmentResolver;
import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.wire.ChatCompletion;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk;
import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.upstream.ChatCaller;

/**
 * Serves one chat completion: validates the request, turns attached files into text, puts a session's history
 * before its new messages, and either passes it to the model (with failover) or, when it uses server-side tools
 * or an agent profile, runs the tool loop. Every finished turn is recorded.
 */
@Service
public class ChatCompletionService {

	private final ChatRequestValidator validator;

	private final ChatCaller models;

	private final CompletionMapper mapper;

	private final SessionMemory sessions;

	private final TurnRecorder recorder;

	private final ToolLoopPlanner planner;

	private final ToolLoop loop;

	private final TurnRenderer renderer;

	private final ApprovalProperties approvals;

	private final io.toolgate.gateway.metrics.GatewayMetrics metrics;

	private final AttachmentResolver attachments;

	public ChatCompletionService(ChatRequestValidator validator, ChatCaller models, CompletionMapper mapper,
			SessionMemory sessions, TurnRecorder recorder, ToolLoopPlanner planner, ToolLoop loop, TurnRenderer renderer,
			ApprovalProperties approvals, io.toolgate.gateway.metrics.GatewayMetrics metrics,
			AttachmentResolver attachments) {
		this.metrics = metrics;
		this.attachments = attachments;
		this.validator = validator;
		this.models = models;
		this.mapper = mapper;
		this.sessions = sessions;
		this.recorder = recorder;
		this.planner = planner;
		this.loop = loop;
		this.renderer = renderer;
		this.approvals = approvals;
	}

	public Mono<ChatCompletion> complete(CurrentUser user, String sessionId, ChatCompletionRequest asked,
			String approveUrl) {
		validator.validate(asked);
		return attachments.resolve(user, asked).flatMap(request -> complete(user, turn(user, sessionId, request), request,
				approveUrl));
	}

	private Mono<ChatCompletion> complete(CurrentUser user, TurnRecorder.TurnContext turn, ChatCompletionRequest request,
			String approveUrl) {
		return messages(turn, request).flatMap(messages -> {
			Optional<TurnState> planned = planner.plan(user, turn.sessionId(), request, messages);
			if (planned.isPresent()) {
				boolean wait = "wait".equals(request.approvalMode() != null ? request.approvalMode()
						: approvals.nonStreamingMode());
				return renderer.completion(recorder.recordLoop(turn, loop.run(planned.get(), wait)),
						target(request, planned.get(), approveUrl));
			}
			return models.call(request.forUpstream(messages))
				.map(response -> mapper.toCompletion(response, request, Ids.completionId(), now()))
				.flatMap(completion -> recorder.record(turn, completion));
		});
	}

	public Flux<ChatCompletionChunk> stream(CurrentUser user, String sessionId, ChatCompletionRequest asked,
			String approveUrl) {
		validator.validate(asked);
		// Attachments are read before anything is streamed, so a bad file id is still a plain HTTP error.
		return attachments.resolve(user, asked).flatMapMany(request -> stream(user, turn(user, sessionId, request),
				request, approveUrl));
	}

	private Flux<ChatCompletionChunk> stream(CurrentUser user, TurnRecorder.TurnContext turn,
			ChatCompletionRequest request, String approveUrl) {
		Flux<ChatCompletionChunk> chunks = messages(turn, request).flatMapMany(messages -> {
			Optional<TurnState> planned = planner.plan(user, turn.sessionId(), request, messages);
			if (planned.isPresent()) {
				return renderer.chunks(recorder.recordLoop(turn, loop.run(planned.get(), true)),
						target(request, planned.get(), approveUrl));
			}
			return recorder.record(turn,
					ChunkStream.of(models.stream(request.forUpstream(messages)), request, Ids.completionId(), now()));
		});
		return firstTokenTimed(chunks, request.model())
			.filter(chunk -> request.includeUsageInStream() || !chunk.choices().isEmpty());
	}

	/** Records the time until the first chunk that carries output (text, tool calls or a finish). */
	private Flux<ChatCompletionChunk> firstTokenTimed(Flux<ChatCompletionChunk> chunks, String model) {
		return Flux.defer(() -> {
			long start = System.nanoTime();
			java.util.concurrent.atomic.AtomicBoolean seen = new java.util.concurrent.atomic.AtomicBoolean();
			return chunks.doOnNext(chunk -> {
				boolean output = chunk.choices().stream().anyMatch(c -> c.finishReason() != null || c.delta() != null
						&& ((c.delta().content() != null && !c.delta().content().isEmpty()) || c.delta().toolCalls() != null));
				if (output && seen.compareAndSet(false, true)) {
					metrics.timeToFirstToken(model, java.time.Duration.ofNanos(System.nanoTime() - start));
				}
			});
		});
	}

	static TurnRenderer.Target target(ChatCompletionRequest request, TurnState state, String approveUrl) {
		return new TurnRenderer.Target(request.model(), Ids.completionId(), now(), approveUrl, state.renderToolActivity());
	}

	private TurnRecorder.TurnContext turn(CurrentUser user, String sessionId, ChatCompletionRequest request) {
		String session = SessionMemory.validSessionId(sessionId != null ? sessionId : request.sessionId());
		return new TurnRecorder.TurnContext(user, session, request.messages(), request.model());
	}

	private Mono<List<ChatMessage>> messages(TurnRecorder.TurnContext turn, ChatCompletionRequest request) {
		return turn.sessionId() == null ? Mono.just(request.messages())
				: sessions.withHistory(turn.user().id(), turn.sessionId(), request.messages());
	}

	static long now() {
		return System.currentTimeMillis() / 1000;
	}
}
