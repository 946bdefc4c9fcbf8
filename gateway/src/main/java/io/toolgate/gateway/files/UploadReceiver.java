package io.toolgate.gateway.files;

import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.codec.multipart.PartEventHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.openai.OpenAiException;

/**
 * Receives a {@code multipart/form-data} upload as it arrives: the {@code file} part goes straight to a file in
 * the incoming area, counted as it is written and cut off at the size limit, so no upload is ever held in
 * memory whole. Other parts are small form fields. A body that announces more than the limit is refused before
 * it is read.
 */
@Component
class UploadReceiver {

	/** Room for the multipart framing and the small fields around the file. */
	private static final long FRAMING_ALLOWANCE = 64 * 1024;

	private final FileStorage storage;

	private final FileService files;

	private final FilesProperties properties;

	private final PartEventHttpMessageReader reader = new PartEventHttpMessageReader();

	UploadReceiver(FileStorage storage, FileService files, FilesProperties properties) {
		this.storage = storage;
		this.files = files;
		this.properties = properties;
		reader.setMaxInMemorySize(64 * 1024);
		reader.setMaxHeadersSize(16 * 1024);
	}

	/** What a request carried: the file (null when it had none) and the form fields. */
	record Upload(FileService.Received file, Map<String, String> fields) {
	}

	/**
	 * Reads the request's parts. The caller owns the received file and must store or discard it.
	 * @throws OpenAiException (in the Mono) 400 for a body that is not multipart, a second file or a field
	 * named {@code file}; 413 for a file over the limit
	 */
	Mono<Upload> receive(ServerHttpRequest request, FileService.UploadLimit limit) {
		MediaType type = request.getHeaders().getContentType();
		if (type == null || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
			return Mono.error(OpenAiException.invalidRequest(
					"The request body must be multipart/form-data with a 'file' part.", null, "unsupported_media_type"));
		}
		String boundary = type.getParameter("boundary");
		if (boundary == null || boundary.isBlank()) {
			return Mono.error(OpenAiException.invalidRequest(
					"The multipart/form-data Content-Type has no 'boundary' parameter, so its parts cannot be found.",
					"file", "invalid_multipart"));
		}
		long max = limit.maxBytes();
		long announced = request.getHeaders().getContentLength();
		if (announced > max + FRAMING_ALLOWANCE) {
			return Mono.error(limit.exceeded());
		}
		AtomicReference<FileService.Received> file = new AtomicReference<>();
		Map<String, String> fields = new LinkedHashMap<>();
		Flux<PartEvent> parts = reader.read(ResolvableType.forClass(PartEvent.class), request, Map.of());
		return parts.windowUntil(PartEvent::isLast)
			.concatMap(part -> part.switchOnFirst((signal, events) -> {
				if (!signal.hasValue()) {
					return events.then();
				}
				PartEvent first = signal.get();
				if (first instanceof FilePartEvent filePart) {
					if (!"file".equals(filePart.name())) {
						return Mono.error(OpenAiException.invalidRequest(
								"Only the part 'file' may be a file; '" + filePart.name() + "' is one.", filePart.name()));
					}
					if (file.get() != null) {
						return Mono.error(OpenAiException.invalidRequest("Send one 'file' per request.", "file"));
					}
					return write(filePart.filename(), events.map(PartEvent::content), limit).doOnNext(file::set).then();
				}
				if (first instanceof FormPartEvent form && "file".equals(form.name())) {
					return Mono.error(OpenAiException.invalidRequest(
							"'file' must be a file part (with a filename), not a text field.", "file"));
				}
				if (first instanceof FormPartEvent form) {
					fields.put(form.name(), form.value());
				}
				return events.doOnNext(event -> DataBufferUtils.release(event.content())).then();
			}))
			// A body cut short, or framed by another boundary than the header names, fails to decode: the client's
			// mistake, answered as such, never as a server error.
			.onErrorMap(DecodingException.class, malformed -> OpenAiException.invalidRequest(
					"The multipart/form-data body is malformed (" + malformed.getMessage()
							+ "); send a 'file' part framed by the boundary of the Content-Type.",
					"file", "invalid_multipart"))
			.then(Mono.fromSupplier(() -> new Upload(file.get(), Map.copyOf(fields))))
			.doFinally(signal -> {
				if (signal != SignalType.ON_COMPLETE && file.get() != null) {
					discard(file.get()).subscribe();
				}
			});
	}

	/** Deletes received bytes nobody will store. */
	Mono<Void> discard(FileService.Received received) {
		return received == null ? Mono.empty()
				: Mono.<Void>fromRunnable(() -> FileStorage.deleteQuietly(received.path())).subscribeOn(files.io());
	}

	private Mono<FileService.Received> write(String filename, Flux<DataBuffer> content, FileService.UploadLimit limit) {
		long max = limit.maxBytes();
		return Mono.fromCallable(storage::newIncomingFile).subscribeOn(files.io()).flatMap(path -> {
			AtomicLong size = new AtomicLong();
			Flux<DataBuffer> counted = content.map(buffer -> {
				if (size.addAndGet(buffer.readableByteCount()) > max) {
					DataBufferUtils.release(buffer);
					throw limit.exceeded();
				}
				return buffer;
			});
			return DataBufferUtils.write(counted, path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
				.then(Mono.fromSupplier(() -> new FileService.Received(path, size.get(), filename)))
				.doFinally(signal -> {
					if (signal != SignalType.ON_COMPLETE) {
						discard(new FileService.Received(path, 0, filename)).subscribe();
					}
				});
		});
	}
}
