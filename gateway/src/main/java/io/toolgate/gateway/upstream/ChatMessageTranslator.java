package io.toolgate.gateway.upstream;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeType;
import tools.jackson.databind.JsonNode;

import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.openai.wire.ToolCall;

/**
 * OpenAI chat messages to Spring AI messages. Each message keeps its original wire form under
 * {@link #WIRE_MESSAGE} so an OpenAI-compatible upstream receives exactly what the client sent. Messages
 * are validated before they get here ({@code ChatRequestValidator}).
 */
public final class ChatMessageTranslator {

	/** Metadata key holding the original {@link ChatMessage}. */
	public static final String WIRE_MESSAGE = "toolgate.wire-message";

	/** Metadata key holding the original role for system-like messages ({@code system} or {@code developer}). */
	public static final String ROLE = "toolgate.role";

	public List<Message> toMessages(List<ChatMessage> messages) {
		Map<String, String> toolNamesById = new HashMap<>();
		List<Message> result = new ArrayList<>(messages.size());
		for (ChatMessage message : messages) {
			Map<String, Object> metadata = new HashMap<>();
			metadata.put(WIRE_MESSAGE, message);
			switch (message.role()) {
				case "system", "developer" -> {
					metadata.put(ROLE, message.role());
					result.add(SystemMessage.builder().text(text(message.content())).metadata(metadata).build());
				}
				case "user" -> result.add(UserMessage.builder()
					.text(text(message.content()))
					.media(media(message.content()))
					.metadata(metadata)
					.build());
				case "assistant" -> {
					List<AssistantMessage.ToolCall> calls = new ArrayList<>();
					if (message.toolCalls() != null) {
						for (ToolCall call : message.toolCalls()) {
							calls.add(new AssistantMessage.ToolCall(call.id(), "function", call.function().name(),
									call.function().arguments()));
							toolNamesById.put(call.id(), call.function().name());
						}
					}
					result.add(AssistantMessage.builder()
						.content(message.content() == null || message.content().isNull() ? null
								: text(message.content()))
						.toolCalls(calls)
						.properties(metadata)
						.build());
				}
				case "tool" -> {
					String name = toolNamesById.getOrDefault(message.toolCallId(), "");
					result.add(ToolResponseMessage.builder()
						.responses(List.of(new ToolResponseMessage.ToolResponse(message.toolCallId(), name,
								text(message.content()))))
						.metadata(metadata)
						.build());
				}
				default -> throw new IllegalArgumentException("unknown role " + message.role());
			}
		}
		return result;
	}

	/** The text of a content that is a string or an array of parts (text parts joined by newlines). */
	public static String text(JsonNode content) {
		if (content == null || content.isNull()) {
			return "";
		}
		if (content.isString()) {
			return content.asString();
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content) {
			if ("text".equals(part.path("type").asString("")) || "refusal".equals(part.path("type").asString(""))) {
				if (!text.isEmpty()) {
					text.append('\n');
				}
				text.append(part.path("text").asString(part.path("refusal").asString("")));
			}
		}
		return text.toString();
	}

	private static List<Media> media(JsonNode content) {
		if (content == null || !content.isArray()) {
			return List.of();
		}
		List<Media> media = new ArrayList<>();
		for (JsonNode part : content) {
			if ("image_url".equals(part.path("type").asString(""))) {
				media.add(image(part.path("image_url").path("url").asString()));
			}
		}
		return media;
	}

	/** A data URI becomes bytes; any other URL stays a URL (only upstreams that fetch URLs accept it). */
	static Media image(String url) {
		if (url.startsWith("data:")) {
			int comma = url.indexOf(',');
			String header = url.substring(5, comma);
			String mime = header.contains(";") ? header.substring(0, header.indexOf(';')) : header;
			byte[] bytes = Base64.getDecoder().decode(url.substring(comma + 1));
			return Media.builder().mimeType(MimeType.valueOf(mime.isEmpty() ? "image/png" : mime)).data(bytes).build();
		}
		return Media.builder().mimeType(MimeType.valueOf("image/*")).data(URI.create(url)).build();
	}
}
