package io.toolgate.gateway.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.files.extract.ContentExtractor;
import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.openai.wire.ChatMessage;

/**
 * Turns the file parts of chat messages ({@code {"type":"file","file":{"file_id"}}} for an uploaded file, or
 * {@code {"file_data":"data:...;base64,...","filename"}} inline) into text parts the model reads: the file's
 * facts and content, extracted on a bounded scheduler with a timeout, within a character budget the request's
 * file parts share. A file id the caller does not own is a 400 naming the part. Extraction results of stored
 * files are cached by id (their bytes never change).
 */
@Component
public class AttachmentResolver {

	/** No part gets less than this, however many files a request attaches. */
	private static final int MIN_SHARE = 500;

	private final FileService files;

	private final FileStorage storage;

	private final ContentSniffer sniffer;

	private final ContentExtractor extractor;

	private final FilesProperties properties;

	private final BoundedExtraction extraction;

	private final Cache<String, String> extracted = Caffeine.newBuilder()
		.maximumSize(256)
		.expireAfterAccess(Duration.ofMinutes(30))
		.build();

	AttachmentResolver(FileService files, FileStorage storage, ContentSniffer sniffer, ContentExtractor extractor,
			FilesProperties properties, BoundedExtraction extraction) {
		this.files = files;
		this.storage = storage;
		this.sniffer = sniffer;
		this.extractor = extractor;
		this.properties = properties;
		this.extraction = extraction;
	}

	/** One file part of the request: where it is and what it points at. */
	private record FilePart(int message, int part, String param, JsonNode file) {
	}

	/** The request with every file part replaced by a text part; the same request when it has none. */
	public Mono<ChatCompletionRequest> resolve(CurrentUser user, ChatCompletionRequest request) {
		List<FilePart> parts = fileParts(request.messages());
		if (parts.isEmpty()) {
			return Mono.just(request);
		}
		int share = Math.max(MIN_SHARE, properties.attachments().maxChars() / parts.size());
		return Flux.fromIterable(parts)
			.flatMapSequential(part -> text(user, part, share), properties.attachments().workers())
			.collectList()
			.map(texts -> request.withMessages(replaced(request.messages(), parts, texts)));
	}

	private static List<FilePart> fileParts(List<ChatMessage> messages) {
		List<FilePart> parts = new ArrayList<>();
		for (int m = 0; m < messages.size(); m++) {
			JsonNode content = messages.get(m).content();
			if (content == null || !content.isArray()) {
				continue;
			}
			for (int p = 0; p < content.size(); p++) {
				JsonNode part = content.get(p);
				if ("file".equals(part.path("type").asString(""))) {
					parts.add(new FilePart(m, p, "messages[" + m + "].content[" + p + "].file", part.path("file")));
				}
			}
		}
		return parts;
	}

	private Mono<String> text(CurrentUser user, FilePart part, int share) {
		JsonNode file = part.file();
		if (file.path("file_id").isString()) {
			String id = file.path("file_id").asString();
			return files.find(user.id(), id)
				.switchIfEmpty(Mono.error(() -> new OpenAiException(HttpStatus.BAD_REQUEST, "invalid_request_error",
						"No file '" + id + "' among your files; upload it with POST /v1/files and send its id.",
						part.param() + ".file_id", "file_not_found", null)))
				.flatMap(stored -> {
					String cached = extracted.getIfPresent(stored.id() + "/" + share);
					if (cached != null) {
						return Mono.just(cached);
					}
					return extract(files.contentPath(stored), stored.filename(), stored.mediaType(), share)
						.map(text -> framed(stored.filename(), stored.mediaType(), stored.bytes(), stored.id(), text))
						.doOnNext(text -> extracted.put(stored.id() + "/" + share, text));
				});
		}
		return inline(part, share);
	}

	/** Inline {@code file_data}: decoded into the incoming area (off the event loop), sniffed, extracted, deleted. */
	private Mono<String> inline(FilePart part, int share) {
		String filename = part.file().path("filename").asString("attachment");
		return Mono.fromCallable(() -> {
			byte[] bytes = decoded(part);
			Path temp = storage.newIncomingFile();
			Files.write(temp, bytes);
			return new FileService.Received(temp, bytes.length, filename);
		})
			.subscribeOn(extraction.scheduler())
			.flatMap(received -> Mono.fromCallable(() -> sniffer.detect(received.path(), filename))
				.subscribeOn(extraction.scheduler())
				.flatMap(type -> extract(received.path(), filename, type, share)
					.map(text -> framed(filename, type, received.bytes(), null, text)))
				.doFinally(signal -> FileStorage.deleteQuietly(received.path())));
	}

	private byte[] decoded(FilePart part) {
		String data = part.file().path("file_data").asString("");
		byte[] bytes;
		try {
			int comma = data.startsWith("data:") ? data.indexOf(',') : -1;
			bytes = Base64.getMimeDecoder().decode(comma >= 0 ? data.substring(comma + 1) : data);
		}
		catch (IllegalArgumentException e) {
			throw OpenAiException.invalidRequest(
					"'file_data' must be base64 data, optionally as a data URL (data:<type>;base64,...).",
					part.param() + ".file_data");
		}
		if (bytes.length == 0) {
			throw OpenAiException.invalidRequest("'file_data' is empty.", part.param() + ".file_data");
		}
		if (bytes.length > files.maxBytes()) {
			throw FileErrors.tooLarge(properties.maxSize(), part.param() + ".file_data");
		}
		return bytes;
	}

	private Mono<String> extract(Path file, String filename, String mediaType, int share) {
		return extraction.run(filename + " (" + mediaType + ")",
				() -> extractor.extract(file, filename, mediaType, share));
	}

	private static String framed(String filename, String mediaType, long bytes, String id, String text) {
		return "[Attached file \"" + filename + "\" (" + mediaType + ", " + bytes + " bytes" + (id == null ? "" : ", " + id)
				+ ")]\n" + text + "\n[End of attached file \"" + filename + "\"]";
	}

	private static List<ChatMessage> replaced(List<ChatMessage> messages, List<FilePart> parts, List<String> texts) {
		List<ChatMessage> result = new ArrayList<>(messages);
		for (int i = 0; i < parts.size(); i++) {
			FilePart part = parts.get(i);
			ChatMessage message = result.get(part.message());
			ArrayNode content = ((ArrayNode) message.content()).deepCopy();
			ObjectNode text = JsonNodeFactory.instance.objectNode().put("type", "text").put("text", texts.get(i));
			content.set(part.part(), text);
			result.set(part.message(), new ChatMessage(message.role(), content, message.name(), message.toolCalls(),
					message.toolCallId(), message.refusal()));
		}
		return result;
	}
}
