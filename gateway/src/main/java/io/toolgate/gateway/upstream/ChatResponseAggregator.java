package io.toolgate.gateway.upstream;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * Folds the chunks of a single-choice stream into one response: text concatenated, tool calls collected,
 * the last finish reason and the last reported usage kept. Lets the gateway answer non-streaming requests
 * from a streaming (non-blocking) upstream call.
 */
public final class ChatResponseAggregator {

	private ChatResponseAggregator() {
	}

	public static ChatResponse aggregate(List<ChatResponse> chunks) {
		StringBuilder text = new StringBuilder();
		List<AssistantMessage.ToolCall> toolCalls = new ArrayList<>();
		String finishReason = null;
		Usage usage = null;
		ChatResponseMetadata last = null;
		for (ChatResponse chunk : chunks) {
			for (Generation generation : chunk.getResults()) {
				AssistantMessage message = generation.getOutput();
				if (message.getText() != null) {
					text.append(message.getText());
				}
				toolCalls.addAll(message.getToolCalls());
				String reason = generation.getMetadata().getFinishReason();
				if (reason != null) {
					finishReason = reason;
				}
			}
			if (chunk.getMetadata() != null) {
				last = chunk.getMetadata();
				Usage chunkUsage = chunk.getMetadata().getUsage();
				if (chunkUsage != null && chunkUsage.getTotalTokens() != null && chunkUsage.getTotalTokens() > 0) {
					usage = chunkUsage;
				}
			}
		}
		AssistantMessage message = AssistantMessage.builder().content(text.toString()).toolCalls(toolCalls).build();
		ChatGenerationMetadata metadata = ChatGenerationMetadata.builder().finishReason(finishReason).build();
		ChatResponseMetadata.Builder responseMetadata = ChatResponseMetadata.builder();
		if (last != null) {
			responseMetadata.id(last.getId()).model(last.getModel());
		}
		if (usage != null) {
			responseMetadata.usage(usage);
		}
		return new ChatResponse(List.of(new Generation(message, metadata)), responseMetadata.build());
	}
}
