package io.toolgate.gateway.upstream;

import java.util.List;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.openai.wire.ChatCompletionRequest;

/**
 * One configured upstream server: a Spring AI {@link ChatModel} plus what the router needs around it. Every
 * method is non-blocking; implementations map the OpenAI request onto their own options class and refuse
 * (with {@link UnsupportedParameterException}) what their protocol cannot honour.
 */
public interface Upstream {

	String name();

	UpstreamType type();

	String baseUrl();

	/** The Spring AI chat model behind this upstream, for callers that work with prompts directly. */
	ChatModel chatModel();

	/** This upstream's prompt for the request, addressed to {@code upstreamModel}. */
	Prompt prompt(ChatCompletionRequest request, String upstreamModel);

	Mono<ChatResponse> call(Prompt prompt);

	Flux<ChatResponse> stream(Prompt prompt);

	Mono<EmbeddingResponse> embed(List<String> inputs, String upstreamModel, Integer dimensions);

	/** The models the upstream serves right now. */
	Mono<List<DiscoveredModel>> discoverModels();

	/** A model found by discovery; {@code created} in epoch seconds (0 when unknown). */
	record DiscoveredModel(String id, long created) {
	}
}
