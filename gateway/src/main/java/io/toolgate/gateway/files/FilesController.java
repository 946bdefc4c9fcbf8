package io.toolgate.gateway.files;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.OpenAiException;

/**
 * OpenAI's Files API ({@code /v1/files}) and the seed-compatible {@code POST /upload}. Every file belongs to
 * one user; anyone else, admins included, gets 404 for it, as for a file that does not exist.
 */
@RestController
public class FilesController {

	/** Purposes a client may upload with (OpenAI's {@code CreateFileRequest.purpose}). */
	static final Set<String> UPLOAD_PURPOSES = Set.of("assistants", "batch", "fine-tune", "vision", "user_data", "evals");

	private static final String ANCHOR = "expires_after[anchor]";

	private static final String SECONDS = "expires_after[seconds]";

	private static final Set<String> CREATE_FIELDS = Set.of("purpose", ANCHOR, SECONDS);

	private static final long MIN_EXPIRY = Duration.ofHours(1).toSeconds();

	private static final long MAX_EXPIRY = Duration.ofDays(30).toSeconds();

	private static final int MAX_LIMIT = 10_000;

	private final FileService files;

	private final UploadReceiver receiver;

	public FilesController(FileService files, UploadReceiver receiver) {
		this.files = files;
		this.receiver = receiver;
	}

	@PostMapping("/v1/files")
	public Mono<FileWire.FileObject> create(ServerWebExchange exchange, @AuthenticationPrincipal CurrentUser user) {
		return files.uploadLimit(user.id())
			.flatMap(limit -> receiver.receive(exchange.getRequest(), limit))
			.flatMap(upload -> stored(upload, () -> {
				Map<String, String> fields = upload.fields();
				fields.keySet().stream().filter(name -> !CREATE_FIELDS.contains(name)).findFirst().ifPresent(name -> {
					throw OpenAiException.invalidRequest("Unrecognized request argument supplied: " + name, name);
				});
				String purpose = purpose(fields.get("purpose"));
				Duration expiresAfter = expiresAfter(fields.get(ANCHOR), fields.get(SECONDS));
				return files.storeUpload(user.id(), upload.file(), purpose, expiresAfter);
			}))
			.map(FileWire.FileObject::of);
	}

	/** Seed-compatible upload: one {@code file} part; answers the id and the file's path in the sandbox. */
	@PostMapping("/upload")
	public Mono<FileWire.Uploaded> upload(ServerWebExchange exchange, @AuthenticationPrincipal CurrentUser user) {
		return files.uploadLimit(user.id())
			.flatMap(limit -> receiver.receive(exchange.getRequest(), limit))
			.flatMap(upload -> stored(upload,
					() -> files.storeUpload(user.id(), upload.file(), StoredFile.SEED_UPLOAD_PURPOSE, null)))
			.map(FileWire.Uploaded::of);
	}

	/** Stores an upload's file, or discards it when the request is refused; an upload needs a non-empty file. */
	private Mono<StoredFile> stored(UploadReceiver.Upload upload, Supplier<Mono<StoredFile>> store) {
		return Mono.defer(() -> {
			if (upload.file() == null) {
				throw OpenAiException.invalidRequest("'file' is required: send the file as a multipart part named 'file'.",
						"file");
			}
			if (upload.file().bytes() == 0) {
				throw OpenAiException.invalidRequest("The file is empty.", "file", "empty_file");
			}
			return store.get();
		}).onErrorResume(e -> receiver.discard(upload.file()).then(Mono.error(e)));
	}

	private static String purpose(String purpose) {
		if (purpose == null || purpose.isBlank()) {
			throw OpenAiException.invalidRequest("'purpose' is required.", "purpose");
		}
		if (!UPLOAD_PURPOSES.contains(purpose)) {
			throw OpenAiException.invalidRequest("Invalid value for 'purpose': '" + purpose
					+ "'. Supported values are: 'assistants', 'batch', 'fine-tune', 'vision', 'user_data' and 'evals'.",
					"purpose");
		}
		return purpose;
	}

	/** {@code expires_after}: anchor {@code created_at} and 3600 to 2592000 seconds (OpenAI's range). */
	private static Duration expiresAfter(String anchor, String seconds) {
		if (anchor == null && seconds == null) {
			return null;
		}
		if (!"created_at".equals(anchor)) {
			throw OpenAiException.invalidRequest("'expires_after[anchor]' must be 'created_at'.", "expires_after.anchor");
		}
		long value;
		try {
			value = Long.parseLong(seconds == null ? "" : seconds.strip());
		}
		catch (NumberFormatException e) {
			value = -1;
		}
		if (value < MIN_EXPIRY || value > MAX_EXPIRY) {
			throw OpenAiException.invalidRequest("'expires_after[seconds]' must be between 3600 (1 hour) and 2592000 (30 days).",
					"expires_after.seconds");
		}
		return Duration.ofSeconds(value);
	}

	@GetMapping("/v1/files")
	public Mono<FileWire.FileList> list(@AuthenticationPrincipal CurrentUser user,
			@RequestParam(required = false) String purpose, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String after, @RequestParam(required = false) String order) {
		int rows = limit(limit);
		if (order != null && !order.equals("asc") && !order.equals("desc")) {
			throw OpenAiException.invalidRequest("Invalid value for 'order': '" + order + "'. Supported values are 'asc' and 'desc'.",
					"order");
		}
		return files.list(user.id(), purpose == null || purpose.isBlank() ? null : purpose,
				after == null || after.isBlank() ? null : after, "asc".equals(order), rows)
			.map(FileWire.FileList::of);
	}

	private static int limit(String limit) {
		if (limit == null || limit.isBlank()) {
			return MAX_LIMIT;
		}
		try {
			int value = Integer.parseInt(limit.strip());
			if (value >= 1 && value <= MAX_LIMIT) {
				return value;
			}
		}
		catch (NumberFormatException e) {
			// answered below
		}
		throw OpenAiException.invalidRequest("'limit' must be an integer between 1 and 10000.", "limit");
	}

	@GetMapping("/v1/files/{id}")
	public Mono<FileWire.FileObject> retrieve(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
		return owned(user, id).map(FileWire.FileObject::of);
	}

	/**
	 * The file's bytes, always as an attachment download with {@code nosniff}, so that an uploaded HTML or SVG
	 * file is never rendered as a page of this origin.
	 */
	@GetMapping("/v1/files/{id}/content")
	public Mono<ResponseEntity<Resource>> content(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
		return owned(user, id).flatMap(file -> Mono.fromCallable(() -> {
			var path = files.contentPath(file);
			if (!Files.isReadable(path)) {
				throw FileErrors.notFound(id);
			}
			return ResponseEntity.ok()
				.contentType(mediaType(file.mediaType()))
				.contentLength(Files.size(path))
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename(file.filename(), StandardCharsets.UTF_8).build().toString())
				.header("X-Content-Type-Options", "nosniff")
				.<Resource>body(new FileSystemResource(path));
		}).subscribeOn(files.io()));
	}

	private static MediaType mediaType(String type) {
		try {
			return MediaType.parseMediaType(type);
		}
		catch (IllegalArgumentException e) {
			return MediaType.APPLICATION_OCTET_STREAM;
		}
	}

	@DeleteMapping("/v1/files/{id}")
	public Mono<FileWire.Deleted> delete(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
		return files.delete(user.id(), id)
			.flatMap(deleted -> deleted ? Mono.just(new FileWire.Deleted(id, "file", true))
					: Mono.error(FileErrors.notFound(id)));
	}

	private Mono<StoredFile> owned(CurrentUser user, String id) {
		return files.find(user.id(), id).switchIfEmpty(Mono.error(() -> FileErrors.notFound(id)));
	}
}
