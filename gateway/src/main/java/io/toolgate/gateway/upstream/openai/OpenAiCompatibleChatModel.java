package io.toolgate.gateway.upstream.openai;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.toolgate.gateway.upstream.ChatMessageTranslator;
import io.toolgate.gateway.upstream.DeclaredToolCallback;
import io.toolgate.gateway.upstream.ResponseMetadataKeys;
import io.toolgate.gateway.upstream.UpstreamException;

/**
 * A Spring AI {@link ChatModel} for any OpenAI-compatible server, built on WebClient so that a request in
 * flight holds no thread (Spring AI's own OpenAI model wraps a blocking SDK). Client messages that carry
 * their original wire form are sent unchanged; tool-call fragments of a stream are merged per choice and
 * handed on complete, with the choice's finish reason.
 */
public class OpenAiCompatibleChatModel implements ChatModel {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	private final String upstream;

	private final WebClient webClient;

	private final JsonMapper json;

	public OpenAiCompatibleChatModel(String upstream, WebClient webClient, JsonMapper json) {
		this.upstream = upstream;
		this.webClient = webClient;
		this.json = json;
	}

	/** Blocking, for Spring AI callers off the event loop; the gateway itself uses {@link #callReactive}. */
	@Override
	public ChatResponse call(Prompt prompt) {
		return callReactive(prompt).block();
	}

	public Mono<ChatResponse> callReactive(Prompt prompt) {
		return webClient.post()
			.uri("/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(requestBody(prompt, false))
			.retrieve()
			.bodyToMono(JsonNode.class)
			.map(this::toChatResponse);
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return Flux.defer(() -> {
			StreamState state = new StreamState();
			return webClient.post()
				.uri("/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.bodyValue(requestBody(prompt, true))
				.retrieve()
				.bodyToFlux(SSE)
				.mapNotNull(ServerSentEvent::data)
				.takeWhile(data -> !"[DONE]".equals(data.trim()))
				.filter(data -> !data.isBlank())
				.map(data -> state.next(json.readTree(data)));
		});
	}

	@Override
	public ChatOptions getDefaultOptions() {
		return OpenAiCompatibleChatOptions.builder().build();
	}

	ObjectNode requestBody(Prompt prompt, boolean stream) {
		ObjectNode body = json.createObjectNode();
		ChatOptions options = prompt.getOptions();
		body.put("model", options.getModel());
		ArrayNode messages = body.putArray("messages");
		for (Message message : prompt.getInstructions()) {
			messages.add(wireMessage(message));
		}
		putIfSet(body, "temperature", options.getTemperature());
		putIfSet(body, "top_p", options.getTopP());
		putIfSet(body, "presence_penalty", options.getPresencePenalty());
		putIfSet(body, "frequency_penalty", options.getFrequencyPenalty());
		putIfSet(body, "top_k", options.getTopK());
		if (options.getStopSequences() != null) {
			body.set("stop", json.valueToTree(options.getStopSequences()));
		}
		if (options instanceof OpenAiCompatibleChatOptions own) {
			if (own.getMaxTokens() != null) {
				body.put(own.maxCompletionTokensField() ? "max_completion_tokens" : "max_tokens", own.getMaxTokens());
			}
			putIfSet(body, "seed", own.getSeed());
			putIfSet(body, "n", own.getN());
			own.passThrough().forEach(body::set);
		}
		else {
			putIfSet(body, "max_tokens", options.getMaxTokens());
		}
		if (options instanceof ToolCallingChatOptions tools && !tools.getToolCallbacks().isEmpty()) {
			ArrayNode toolArray = body.putArray("tools");
			for (ToolCallback tool : tools.getToolCallbacks()) {
				toolArray.add(wireTool(tool));
			}
		}
		if (stream) {
			body.put("stream", true);
			// Always ask for usage so the gateway can account for tokens; the client sees it only if it asked.
			body.putObject("stream_options").put("include_usage", true);
		}
		return body;
	}

	private JsonNode wireMessage(Message message) {
		Object wire = message.getMetadata().get(ChatMessageTranslator.WIRE_MESSAGE);
		if (wire != null) {
			return json.valueToTree(wire);
		}
		ObjectNode node = json.createObjectNode();
		switch (message.getMessageType()) {
			case SYSTEM -> node.put("role", "system").put("content", message.getText());
			case USER -> node.put("role", "user").put("content", message.getText());
			case ASSISTANT -> {
				AssistantMessage assistant = (AssistantMessage) message;
				node.put("role", "assistant");
				node.put("content", assistant.getText());
				if (assistant.hasToolCalls()) {
					ArrayNode calls = node.putArray("tool_calls");
					for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
						ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
						c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
					}
				}
			}
			case TOOL -> {
				// One wire message per response; Spring AI may group several responses in one message.
				ToolResponseMessage tool = (ToolResponseMessage) message;
				ToolResponseMessage.ToolResponse first = tool.getResponses().get(0);
				node.put("role", "tool").put("tool_call_id", first.id()).put("content", first.responseData());
			}
		}
		return node;
	}

	private JsonNode wireTool(ToolCallback tool) {
		ObjectNode node = json.createObjectNode().put("type", "function");
		if (tool instanceof DeclaredToolCallback declared) {
			node.set("function", json.valueToTree(declared.original()));
		}
		else {
			node.putObject("function")
				.put("name", tool.getToolDefinition().name())
				.put("description", tool.getToolDefinition().description())
				.set("parameters", json.readTree(tool.getToolDefinition().inputSchema()));
		}
		return node;
	}

	private static void putIfSet(ObjectNode body, String field, Number value) {
		if (value instanceof Double d) {
			body.put(field, d);
		}
		else if (value instanceof Integer i) {
			body.put(field, i);
		}
		else if (value instanceof Long l) {
			body.put(field, l);
		}
	}

	ChatResponse toChatResponse(JsonNode body) {
		failOnError(body);
		List<Generation> generations = new ArrayList<>();
		for (JsonNode choice : body.path("choices")) {
			JsonNode message = choice.path("message");
			List<AssistantMessage.ToolCall> calls = new ArrayList<>();
			for (JsonNode call : message.path("tool_calls")) {
				calls.add(new AssistantMessage.ToolCall(call.path("id").asString(), "function",
						call.path("function").path("name").asString(),
						call.path("function").path("arguments").asString("")));
			}
			AssistantMessage assistant = AssistantMessage.builder()
				.content(message.path("content").isNull() ? null : message.path("content").asString(""))
				.toolCalls(calls)
				.build();
			generations.add(new Generation(assistant, generationMetadata(choice, message.path("refusal"))));
		}
		return new ChatResponse(generations, responseMetadata(body));
	}

	private ChatGenerationMetadata generationMetadata(JsonNode choice, JsonNode refusal) {
		ChatGenerationMetadata.Builder metadata = ChatGenerationMetadata.builder()
			.metadata(ResponseMetadataKeys.CHOICE_INDEX, choice.path("index").asInt(0));
		if (choice.hasNonNull("finish_reason")) {
			metadata.finishReason(choice.path("finish_reason").asString());
		}
		if (choice.hasNonNull("logprobs")) {
			metadata.metadata(ResponseMetadataKeys.LOGPROBS, choice.path("logprobs"));
		}
		if (refusal != null && refusal.isString()) {
			metadata.metadata(ResponseMetadataKeys.REFUSAL, refusal.asString());
		}
		return metadata.build();
	}

	private ChatResponseMetadata responseMetadata(JsonNode body) {
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder()
			.id(body.path("id").asString(""))
			.model(body.path("model").asString(""));
		JsonNode usage = body.path("usage");
		if (usage.isObject()) {
			metadata.usage(new DefaultUsage(usage.path("prompt_tokens").asInt(0),
					usage.path("completion_tokens").asInt(0), usage.path("total_tokens").asInt(0), usage));
		}
		if (body.hasNonNull("system_fingerprint")) {
			metadata.keyValue(ResponseMetadataKeys.SYSTEM_FINGERPRINT, body.path("system_fingerprint").asString());
		}
		if (body.hasNonNull("service_tier")) {
			metadata.keyValue(ResponseMetadataKeys.SERVICE_TIER, body.path("service_tier").asString());
		}
		return metadata.build();
	}

	private void failOnError(JsonNode body) {
		JsonNode error = body.path("error");
		if (!error.isMissingNode() && !error.isNull()) {
			String message = error.isString() ? error.asString() : error.path("message").asString(error.toString());
			throw new UpstreamException(upstream, UpstreamException.Kind.STATUS, 500,
					"upstream '" + upstream + "' reported an error: " + message, null, null);
		}
	}

	/** Per-stream state: tool-call fragments being assembled, per choice and tool index. */
	private final class StreamState {

		private final Map<Integer, Map<Integer, PartialToolCall>> toolCalls = new HashMap<>();

		ChatResponse next(JsonNode chunk) {
			failOnError(chunk);
			List<Generation> generations = new ArrayList<>();
			for (JsonNode choice : chunk.path("choices")) {
				int index = choice.path("index").asInt(0);
				JsonNode delta = choice.path("delta");
				for (JsonNode fragment : delta.path("tool_calls")) {
					toolCalls.computeIfAbsent(index, i -> new LinkedHashMap<>())
						.computeIfAbsent(fragment.path("index").asInt(0), i -> new PartialToolCall())
						.add(fragment);
				}
				List<AssistantMessage.ToolCall> complete = List.of();
				if (choice.hasNonNull("finish_reason")) {
					Map<Integer, PartialToolCall> partials = toolCalls.remove(index);
					if (partials != null) {
						complete = partials.values().stream().map(PartialToolCall::toToolCall).toList();
					}
				}
				AssistantMessage assistant = AssistantMessage.builder()
					.content(delta.path("content").asString(""))
					.toolCalls(complete)
					.build();
				generations.add(new Generation(assistant, generationMetadata(choice, delta.path("refusal"))));
			}
			return new ChatResponse(generations, responseMetadata(chunk));
		}
	}

	private static final class PartialToolCall {

		private String id;

		private String name;

		private final StringBuilder arguments = new StringBuilder();

		void add(JsonNode fragment) {
			if (fragment.hasNonNull("id")) {
				id = fragment.path("id").asString();
			}
			JsonNode function = fragment.path("function");
			if (function.hasNonNull("name")) {
				name = function.path("name").asString();
			}
			arguments.append(function.path("arguments").asString(""));
		}

		AssistantMessage.ToolCall toToolCall() {
			return new AssistantMessage.ToolCall(id, "function", name, arguments.toString());
		}
	}
}
