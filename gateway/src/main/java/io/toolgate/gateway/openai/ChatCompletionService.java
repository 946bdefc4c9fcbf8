package io.toolgate.gateway.openai;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.conversation.SessionMemory;
import io.toolgate.gateway.conversation.TurnRecorder;
import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.wire.ChatCompletion;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk;
import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.upstream.ModelCatalog;
import io.toolgate.gateway.upstream.ModelRoute;
import io.toolgate.gateway.upstream.UnsupportedParameterException;
import io.toolgate.gateway.upstream.UpstreamRouter;

/**
 * Serves one chat completion: validates the request, puts a session's history before its new messages,
 * finds the upstreams of its model, builds each one's prompt (dropping upstreams that cannot honour the
 * request), lets the router call them with failover, and records the turn.
 */
@Service
public class ChatCompletionService {

	private final ChatRequestValidator validator;

	private final ModelCatalog catalog;

	private final UpstreamRouter router;

	private final CompletionMapper mapper;

	private final SessionMemory sessions;

	private final TurnRecorder recorder;

	public ChatCompletionService(ChatRequestValidator validator, ModelCatalog catalog, UpstreamRouter router,
			CompletionMapper mapper, SessionMemory sessions, TurnRecorder recorder) {
		this.validator = validator;
		this.catalog = catalog;
		this.router = router;
		this.mapper = mapper;
		this.sessions = sessions;
		this.recorder = recorder;
	}

	public Mono<ChatCompletion> complete(CurrentUser user, String sessionId, ChatCompletionRequest request) {
		TurnRecorder.TurnContext turn = turn(user, sessionId, request);
		return prepare(turn, request)
			.flatMap(prepared -> router
				.call(prepared.route(), (upstream, model) -> upstream.call(prepared.prompt(upstream)))
				.map(response -> mapper.toCompletion(response, request, Ids.completionId(), now())))
			.flatMap(completion -> recorder.record(turn, completion));
	}

	public Flux<ChatCompletionChunk> stream(CurrentUser user, String sessionId, ChatCompletionRequest request) {
		TurnRecorder.TurnContext turn = turn(user, sessionId, request);
		Flux<ChatCompletionChunk> chunks = prepare(turn, request).flatMapMany(prepared -> {
			Flux<ChatResponse> responses = router.stream(prepared.route(),
					(upstream, model) -> upstream.stream(prepared.prompt(upstream)));
			return ChunkStream.of(responses, request, Ids.completionId(), now());
		});
		return recorder.record(turn, chunks)
			.filter(chunk -> request.includeUsageInStream() || !chunk.choices().isEmpty());
	}

	private TurnRecorder.TurnContext turn(CurrentUser user, String sessionId, ChatCompletionRequest request) {
		validator.validate(request);
		String session = SessionMemory.validSessionId(sessionId != null ? sessionId : request.sessionId());
		return new TurnRecorder.TurnContext(user, session, request.messages(), request.model());
	}

	private Mono<Prepared> prepare(TurnRecorder.TurnContext turn, ChatCompletionRequest request) {
		Mono<List<ChatMessage>> messages = turn.sessionId() == null ? Mono.just(request.messages())
				: sessions.withHistory(turn.user().id(), turn.sessionId(), request.messages());
		return catalog.resolve(request.model())
			.switchIfEmpty(Mono.error(() -> OpenAiException.modelNotFound(request.model())))
			.zipWith(messages)
			.map(routeAndMessages -> prompts(routeAndMessages.getT1(), request.forUpstream(routeAndMessages.getT2())));
	}

	/** Builds each target's prompt once; targets that cannot serve the request are left out. */
	private static Prepared prompts(ModelRoute route, ChatCompletionRequest request) {
		Map<Object, Prompt> prompts = new IdentityHashMap<>();
		List<ModelRoute.Target> usable = new ArrayList<>();
		UnsupportedParameterException refusal = null;
		for (ModelRoute.Target target : route.targets()) {
			try {
				prompts.put(target.upstream().upstream(), target.upstream().upstream().prompt(request, target.upstreamModel()));
				usable.add(target);
			}
			catch (UnsupportedParameterException e) {
				refusal = refusal == null ? e : refusal;
			}
		}
		if (usable.isEmpty()) {
			throw refusal;
		}
		return new Prepared(new ModelRoute(route.id(), usable), prompts);
	}

	private static long now() {
		return System.currentTimeMillis() / 1000;
	}

	private record Prepared(ModelRoute route, Map<Object, Prompt> prompts) {

		Prompt prompt(Object upstream) {
			return prompts.get(upstream);
		}
	}
}
