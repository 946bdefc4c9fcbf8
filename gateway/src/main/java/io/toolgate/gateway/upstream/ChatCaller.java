package io.toolgate.gateway.upstream;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.openai.wire.ChatCompletionRequest;

/**
 * One model call for an OpenAI-shaped request: resolves the model's route, builds each upstream's prompt
 * (dropping upstreams that cannot honour the request), and calls through the router with failover. Throws
 * {@link UnknownModelException} for a model nobody serves.
 */
@Component
public class ChatCaller {

	private final ModelCatalog catalog;

	private final UpstreamRouter router;

	public ChatCaller(ModelCatalog catalog, UpstreamRouter router) {
		this.catalog = catalog;
		this.router = router;
	}

	/** Raised for a model id no upstream serves. */
	public static class UnknownModelException extends RuntimeException {

		private final String model;

		public UnknownModelException(String model) {
			super("unknown model " + model);
			this.model = model;
		}

		public String model() {
			return model;
		}
	}

	public Mono<ChatResponse> call(ChatCompletionRequest request) {
		return prepare(request).flatMap(prepared -> router.call(prepared.route(),
				(upstream, model) -> upstream.call(prepared.prompt(upstream))));
	}

	public Flux<ChatResponse> stream(ChatCompletionRequest request) {
		return prepare(request).flatMapMany(prepared -> router.stream(prepared.route(),
				(upstream, model) -> upstream.stream(prepared.prompt(upstream))));
	}

	private Mono<Prepared> prepare(ChatCompletionRequest request) {
		return catalog.resolve(request.model())
			.switchIfEmpty(Mono.error(() -> new UnknownModelException(request.model())))
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

	private record Prepared(ModelRoute route, Map<Object, Prompt> prompts) {

		Prompt prompt(Object upstream) {
			return prompts.get(upstream);
		}
	}
}
