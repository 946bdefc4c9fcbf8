package io.toolgate.gateway.knowledge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.GatewayProperties;
import io.toolgate.gateway.openai.OpenAiException;

/**
 * Receives multipart uploads into temporary files under {@code <data-dir>/tmp}, written without blocking and cut
 * off (413) as soon as they pass the size limit, so an oversized upload never fills the disk.
 */
@Component
public class UploadedFiles {

	private final Path directory;

	private final KnowledgeWorkers workers;

	public UploadedFiles(GatewayProperties gateway, KnowledgeWorkers workers) {
		this.directory = gateway.dataDir().resolve("tmp");
		this.workers = workers;
	}

	/** The upload in a temporary file; the caller deletes it with {@link #delete}. */
	public Mono<Path> receive(FilePart part, long maxBytes) {
		return workers.run(() -> Files.createDirectories(directory).resolve("upload-" + UUID.randomUUID()))
			.flatMap(path -> {
				AtomicLong size = new AtomicLong();
				Flux<DataBuffer> limited = part.content().map(buffer -> {
					if (size.addAndGet(buffer.readableByteCount()) > maxBytes) {
						DataBufferUtils.release(buffer);
						throw new OpenAiException(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request_error",
								"The file is larger than toolgate.knowledge.max-file-size (" + maxBytes + " bytes).", "file",
								"file_too_large", null);
					}
					return buffer;
				});
				return DataBufferUtils.write(limited, path).thenReturn(path).onErrorResume(error -> {
					delete(path);
					return Mono.error(error);
				});
			});
	}

	/** Deletes a temporary file, off the event loop. */
	public void delete(Path path) {
		workers.run(() -> Files.deleteIfExists(path)).onErrorResume(IOException.class, e -> Mono.empty()).subscribe();
	}
}
