package io.toolgate.gateway.openai;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import io.toolgate.gateway.openai.wire.ChatCompletion;
import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.openai.wire.ToolCall;
import io.toolgate.gateway.openai.wire.Usage;
import io.toolgate.gateway.upstream.ResponseMetadataKeys;

/** A complete Spring AI response as an OpenAI {@code chat.completion}. */
@Component
public class CompletionMapper {

	public ChatCompletion toCompletion(ChatResponse response, ChatCompletionRequest request, String id, long created) {
		List<ChatCompletion.Choice> choices = new ArrayList<>();
		List<Generation> generations = response.getResults();
		for (int position = 0; position < generations.size(); position++) {
			Generation generation = generations.get(position);
			AssistantMessage output = generation.getOutput();
			List<ToolCall> toolCalls = toolCalls(output, request);
			String text = output.getText();
			String content = toolCalls.isEmpty() ? (text == null ? "" : text) : (text == null || text.isEmpty() ? null : text);
			String refusal = generation.getMetadata().get(ResponseMetadataKeys.REFUSAL);
			if (refusal != null) {
				content = text == null || text.isEmpty() ? null : text;
			}
			choices.add(new ChatCompletion.Choice(choiceIndex(generation, position),
					new ChatCompletion.ResponseMessage("assistant", content, refusal, toolCalls),
					generation.getMetadata().get(ResponseMetadataKeys.LOGPROBS),
					finishReason(generation.getMetadata().getFinishReason(), !toolCalls.isEmpty())));
		}
		choices.sort(Comparator.comparingInt(ChatCompletion.Choice::index));
		ChatResponseMetadata metadata = response.getMetadata();
		return new ChatCompletion(id, ChatCompletion.OBJECT, created, request.model(), choices, usage(metadata),
				metadata == null ? null : metadata.get(ResponseMetadataKeys.SYSTEM_FINGERPRINT),
				metadata == null ? null : metadata.get(ResponseMetadataKeys.SERVICE_TIER));
	}

	static int choiceIndex(Generation generation, int position) {
		Integer index = generation.getMetadata().get(ResponseMetadataKeys.CHOICE_INDEX);
		return index == null ? position : index;
	}

	/** The generation's tool calls with ids filled in; only the first when parallel calls were refused. */
	static List<ToolCall> toolCalls(AssistantMessage output, ChatCompletionRequest request) {
		List<ToolCall> calls = new ArrayList<>();
		for (AssistantMessage.ToolCall call : output.getToolCalls()) {
			String id = call.id() == null || call.id().isBlank() ? Ids.toolCallId() : call.id();
			calls.add(ToolCall.function(id, call.name(), call.arguments() == null ? "{}" : call.arguments()));
			if (Boolean.FALSE.equals(request.parallelToolCalls())) {
				break;
			}
		}
		return calls;
	}

	/** OpenAI's lower-case finish reasons, whatever the upstream called them. */
	static String finishReason(String upstreamReason, boolean hasToolCalls) {
		if (hasToolCalls) {
			return "tool_calls";
		}
		if (upstreamReason == null) {
			return "stop";
		}
		return switch (upstreamReason.toLowerCase(Locale.ROOT)) {
			case "length", "max_tokens" -> "length";
			case "tool_calls", "function_call" -> "tool_calls";
			case "content_filter" -> "content_filter";
			default -> "stop";
		};
	}

	static Usage usage(ChatResponseMetadata metadata) {
		if (metadata == null || metadata.getUsage() == null) {
			return null;
		}
		var usage = metadata.getUsage();
		int prompt = usage.getPromptTokens() == null ? 0 : usage.getPromptTokens();
		int completion = usage.getCompletionTokens() == null ? 0 : usage.getCompletionTokens();
		if (usage.getNativeUsage() instanceof JsonNode raw) {
			return new Usage(prompt, completion, prompt + completion, nonNull(raw.get("prompt_tokens_details")),
					nonNull(raw.get("completion_tokens_details")));
		}
		return Usage.of(prompt, completion);
	}

	private static JsonNode nonNull(JsonNode node) {
		return node == null || node.isNull() ? null : node;
	}
}
