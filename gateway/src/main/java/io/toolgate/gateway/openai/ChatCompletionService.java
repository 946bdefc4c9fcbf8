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

import io.toolgate.gateway.openai.wire.ChatCompletion;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk;
import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.upstream.ModelCatalog;
import io.toolgate.gateway.upstream.ModelRoute;
import io.toolgate.gateway.upstream.UnsupportedParameterException;
import io.toolgate.gateway.upstream.UpstreamRouter;

/**
 * Serves one chat completion: validates the request, finds the upstreams of its model, builds each one's
 * prompt (dropping upstreams that cannot honour the request), and lets the router call them with failover.
 */
@Service
public class ChatCompletionService {

	private final ChatRequestValidator validator;

	private final ModelCatalog catalog;

	private final UpstreamRouter router;

	private final CompletionMapper mapper;

	public ChatCompletionService(ChatRequestValidator validator, ModelCatalog catalog, UpstreamRouter router,
			CompletionMapper mapper) {
		this.validator = validator;
		this.catalog = catalog;
		this.router = router;
		this.mapper = mapper;
	}

	public Mono<ChatCompletion> complete(ChatCompletionRequest request) {
		return prepare(request).flatMap(prepared -> router
			.call(prepared.route(), (upstream, model) -> upstream.call(prepared.prompt(upstream)))
			.map(response -> mapper.toCompletion(response, request, Ids.completionId(), now())));
	}

	public Flux<ChatCompletionChunk> stream(ChatCompletionRequest request) {
		return prepare(request).flatMapMany(prepared -> {
			Flux<ChatResponse> responses = router.stream(prepared.route(),
					(upstream, model) -> upstream.stream(prepared.prompt(upstream)));
			return ChunkStream.of(responses, request, Ids.completionId(), now());
		});
	}

	private Mono<Prepared> prepare(ChatCompletionRequest request) {
		return Mono.fromRunnable(() -> validator.validate(request))
			.then(catalog.resolve(request.model()))
			.switchIfEmpty(Mono.error(() -> OpenAiException.modelNotFound(request.model())))
			.map(route -> prompts(route, request));
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
