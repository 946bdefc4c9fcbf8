package io.toolgate.gateway.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import io.toolgate.gateway.openai.wire.ChatCompletionChunk;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk.ChunkChoice;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk.Delta;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk.FunctionDelta;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk.ToolCallDelta;
import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.openai.wire.ToolCall;
import io.toolgate.gateway.openai.wire.Usage;
import io.toolgate.gateway.upstream.ResponseMetadataKeys;
import io.toolgate.gateway.upstream.UpstreamException;

/**
 * Turns one request's stream of Spring AI responses into OpenAI chunks: a role chunk first, content deltas,
 * tool calls as a header fragment (id, type, name, empty arguments) followed by the arguments, one finish
 * chunk per choice, and a final usage chunk ({@code choices: []}). One instance per
 * stream; not thread-safe (Reactor delivers a stream's signals serially).
 */
public final class ChunkStream {

	private final ChatCompletionRequest request;

	private final String id;

	private final long created;

	private final Map<Integer, ChoiceState> choices = new TreeMap<>();

	private Usage usage;

	private String systemFingerprint;

	private ChunkStream(ChatCompletionRequest request, String id, long created) {
		this.request = request;
		this.id = id;
		this.created = created;
	}

	public static Flux<ChatCompletionChunk> of(Flux<ChatResponse> responses, ChatCompletionRequest request, String id,
			long created) {
		return Flux.defer(() -> {
			ChunkStream stream = new ChunkStream(request, id, created);
			return responses.concatMapIterable(stream::next).concatWith(Flux.defer(() -> Flux.fromIterable(stream.end())));
		});
	}

	private List<ChatCompletionChunk> next(ChatResponse response) {
		List<ChatCompletionChunk> out = new ArrayList<>();
		if (response.getMetadata() != null) {
			Usage reported = CompletionMapper.usage(response.getMetadata());
			if (reported != null && reported.totalTokens() > 0) {
				usage = reported;
			}
			String fingerprint = response.getMetadata().get(ResponseMetadataKeys.SYSTEM_FINGERPRINT);
			if (fingerprint != null) {
				systemFingerprint = fingerprint;
			}
		}
		List<Generation> generations = response.getResults();
		for (int position = 0; position < generations.size(); position++) {
			Generation generation = generations.get(position);
			int index = CompletionMapper.choiceIndex(generation, position);
			ChoiceState state = choices.computeIfAbsent(index, i -> new ChoiceState());
			if (state.finished) {
				continue;
			}
			if (!state.started) {
				state.started = true;
				out.add(chunk(index, new Delta("assistant", "", null, null), null, null));
			}
			AssistantMessage output = generation.getOutput();
			JsonNode logprobs = generation.getMetadata().get(ResponseMetadataKeys.LOGPROBS);
			String refusal = generation.getMetadata().get(ResponseMetadataKeys.REFUSAL);
			String text = output.getText();
			if ((text != null && !text.isEmpty()) || refusal != null || logprobs != null) {
				out.add(chunk(index, new Delta(null, text == null || text.isEmpty() ? null : text, refusal, null),
						logprobs, null));
			}
			for (ToolCall call : CompletionMapper.toolCalls(output, request)) {
				if (Boolean.FALSE.equals(request.parallelToolCalls()) && state.toolCalls > 0) {
					break;
				}
				int toolIndex = state.toolCalls++;
				out.add(chunk(index, toolDelta(new ToolCallDelta(toolIndex, call.id(), "function",
						new FunctionDelta(call.function().name(), ""))), null, null));
				out.add(chunk(index, toolDelta(new ToolCallDelta(toolIndex, null, null,
						new FunctionDelta(null, call.function().arguments()))), null, null));
			}
			String reason = generation.getMetadata().getFinishReason();
			if (reason != null) {
				state.finished = true;
				out.add(chunk(index, Delta.EMPTY, null, CompletionMapper.finishReason(reason, state.toolCalls > 0)));
			}
		}
		return out;
	}

	private List<ChatCompletionChunk> end() {
		if (choices.values().stream().noneMatch(state -> state.finished)) {
			throw new UpstreamException("upstream", UpstreamException.Kind.PROTOCOL, 0,
					"the upstream ended the stream before the answer was finished", null, null);
		}
		List<ChatCompletionChunk> out = new ArrayList<>();
		choices.forEach((index, state) -> {
			if (!state.finished) {
				out.add(chunk(index, Delta.EMPTY, null, CompletionMapper.finishReason(null, state.toolCalls > 0)));
			}
		});
		// Always produced (the gateway records usage); the API layer drops it unless the client asked for it.
		out.add(new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, request.model(), systemFingerprint,
				List.of(), usage == null ? Usage.of(0, 0) : usage, null));
		return out;
	}

	private static Delta toolDelta(ToolCallDelta delta) {
		return new Delta(null, null, null, List.of(delta));
	}

	private ChatCompletionChunk chunk(int index, Delta delta, JsonNode logprobs, String finishReason) {
		return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, request.model(), systemFingerprint,
				List.of(new ChunkChoice(index, delta, logprobs, finishReason)), null, null);
	}

	private static final class ChoiceState {

		boolean started;

		boolean finished;

		int toolCalls;
	}
}
