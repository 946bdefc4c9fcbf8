package io.toolgate.gateway.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import io.toolgate.gateway.openai.OpenAiException;

/**
 * Users' files: stores new ones (uploads, tool artifacts), finds, lists and deletes them, always for one
 * owner. A file is reachable only through its database record; its bytes are on disk ({@link FileStorage}).
 * File system work runs on a bounded scheduler of its own, never on the event loop. Files past their expiry
 * are unreachable at once and deleted by a periodic sweep.
 */
@Service
public class FileService implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(FileService.class);

	private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

	private static final int MAX_FILENAME_CHARS = 255;

	private final FileRepository files;

	private final FileStorage storage;

	private final ContentSniffer sniffer;

	private final FilesProperties properties;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final Scheduler io = Schedulers.newBoundedElastic(8, 10_000, "files");

	private final Disposable sweeper;

	public FileService(FileRepository files, FileStorage storage, ContentSniffer sniffer, FilesProperties properties,
			Clock clock) {
		this.files = files;
		this.storage = storage;
		this.sniffer = sniffer;
		this.properties = properties;
		this.clock = clock;
		this.sweeper = Flux.interval(properties.sweepInterval(), properties.sweepInterval(), io)
			.concatMap(tick -> sweepExpired().onErrorResume(e -> {
				log.warn("could not delete expired files: {}", e.toString());
				return Mono.empty();
			}))
			.subscribe();
	}

	/** Bytes received for a new file, already in the incoming area. */
	record Received(Path path, long bytes, String filename) {
	}

	/**
	 * How many bytes one upload may carry, and the error when it carries more.
	 * @param maxBytes the lower of the file size limit and what is left of the user's byte quota
	 * @param exceeded the error naming the limit that binds
	 */
	record UploadLimit(long maxBytes, OpenAiException exceeded) {
	}

	/**
	 * The limit for the user's next upload, from {@code toolgate.files.max-size} and the user's quota.
	 * @throws OpenAiException (in the Mono) 400 when the user already has {@code quota.max-files} files; 413 when the
	 * byte quota is used up
	 */
	Mono<UploadLimit> uploadLimit(String userId) {
		FilesProperties.Quota quota = properties.quota();
		UploadLimit bySize = new UploadLimit(maxBytes(), FileErrors.tooLarge(properties.maxSize(), "file"));
		if (quota.maxFiles() == 0 && quota.maxBytes().toBytes() == 0) {
			return Mono.just(bySize);
		}
		return files.usage(userId, clock.millis()).map(usage -> {
			if (quota.maxFiles() > 0 && usage.files() >= quota.maxFiles()) {
				throw FileErrors.fileCountQuota(quota.maxFiles());
			}
			long maxBytes = quota.maxBytes().toBytes();
			if (maxBytes == 0 || maxBytes - usage.bytes() >= maxBytes()) {
				return bySize;
			}
			OpenAiException overQuota = FileErrors.byteQuota(quota.maxBytes(), usage.bytes());
			if (usage.bytes() >= maxBytes) {
				throw overQuota;
			}
			return new UploadLimit(maxBytes - usage.bytes(), overQuota);
		});
	}

	/** The largest file accepted, in bytes. */
	public long maxBytes() {
		return properties.maxSize().toBytes();
	}

	/** The scheduler for file system work of this package. */
	Scheduler io() {
		return io;
	}

	/**
	 * Makes received bytes a file of the user: sniffs the type, moves the bytes into place, records it.
	 * @param declaredType a type the producer declared, used only when sniffing finds nothing specific (never
	 * for uploads, whose clients are not trusted: pass null)
	 * @param expiresAfter how long after its creation the file expires, or null for never
	 */
	Mono<StoredFile> store(String userId, Received received, String purpose, String declaredType,
			Duration expiresAfter) {
		return store(userId, received, purpose, declaredType, expiresAfter, false);
	}

	/**
	 * Stores an upload within the user's quota (checked again as the record is inserted, so that parallel uploads
	 * cannot pass it together).
	 * @throws OpenAiException (in the Mono) 400 or 413 naming the quota the file would break
	 */
	Mono<StoredFile> storeUpload(String userId, Received received, String purpose, Duration expiresAfter) {
		return store(userId, received, purpose, null, expiresAfter, true);
	}

	private Mono<StoredFile> store(String userId, Received received, String purpose, String declaredType,
			Duration expiresAfter, boolean withinQuota) {
		return Mono.fromCallable(() -> {
			String filename = displayName(received.filename());
			SafeFileName safe = SafeFileName.of(filename);
			String sniffed = sniffer.detect(received.path(), filename);
			String type = ContentSniffer.OCTET_STREAM.equals(sniffed) && declaredType != null && !declaredType.isBlank()
					? declaredType : sniffed;
			String id = newId();
			storage.place(received.path(), userId, id, safe);
			long now = clock.millis();
			return new StoredFile(id, userId, filename, safe.value(), purpose, type, received.bytes(), now,
					expiresAfter == null ? null : now + expiresAfter.toMillis());
		})
			.subscribeOn(io)
			.doOnError(e -> FileStorage.deleteQuietly(received.path()))
			.flatMap(file -> (withinQuota ? insertWithinQuota(file) : files.insert(file))
				.onErrorResume(e -> Mono.fromRunnable(() -> storage.remove(userId, file.id())).subscribeOn(io)
					.then(Mono.error(e))));
	}

	private Mono<StoredFile> insertWithinQuota(StoredFile file) {
		FilesProperties.Quota quota = properties.quota();
		long now = clock.millis();
		return files.insertWithinQuota(file, quota.maxFiles(), quota.maxBytes().toBytes(), now)
			.flatMap(inserted -> inserted ? Mono.just(file)
					: files.usage(file.userId(), now).flatMap(usage -> Mono.error(
							quota.maxFiles() > 0 && usage.files() >= quota.maxFiles()
									? FileErrors.fileCountQuota(quota.maxFiles())
									: FileErrors.byteQuota(quota.maxBytes(), usage.bytes()))));
	}

	/**
	 * Copies a file from the host into the user's files (tool artifacts, {@code FileStore.save}).
	 * @throws OpenAiException (in the Mono) when it is not a regular file or too large
	 */
	public Mono<StoredFile> copyIn(String userId, Path source, String filename, String declaredType, String purpose) {
		return Mono.fromCallable(() -> {
			if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
				throw new IllegalArgumentException("'" + source.getFileName() + "' is not a regular file");
			}
			long size = Files.size(source);
			if (size > maxBytes()) {
				throw FileErrors.tooLarge(properties.maxSize(), "file");
			}
			Path incoming = storage.newIncomingFile();
			// Into the file as created (keeping its mode), never following a link at the source.
			try (var in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
					var out = Files.newOutputStream(incoming, java.nio.file.StandardOpenOption.WRITE,
							java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
				in.transferTo(out);
			}
			return new Received(incoming, Files.size(incoming),
					filename == null || filename.isBlank() ? source.getFileName().toString() : filename);
		}).subscribeOn(io).flatMap(received -> store(userId, received, purpose, declaredType, null));
	}

	/** The user's file, or empty (none, someone else's, or expired). */
	public Mono<StoredFile> find(String userId, String fileId) {
		if (fileId == null || fileId.isBlank()) {
			return Mono.empty();
		}
		return files.find(userId, fileId, clock.millis());
	}

	/** A page of the user's files and whether more follow. */
	public record Page(List<StoredFile> files, boolean hasMore) {
	}

	/**
	 * One page of the user's files.
	 * @param afterId the last file of the previous page, or null
	 * @throws OpenAiException (in the Mono) 400 when {@code afterId} is not one of the user's files
	 */
	public Mono<Page> list(String userId, String purpose, String afterId, boolean ascending, int limit) {
		long now = clock.millis();
		Mono<StoredFile> cursor = afterId == null ? Mono.empty()
				: files.find(userId, afterId, now)
					.switchIfEmpty(Mono.error(() -> OpenAiException.invalidRequest(
							"'after' must be the id of one of your files; no file '" + afterId + "'.", "after")));
		return cursor.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap(after -> files.list(userId, purpose, after.orElse(null), ascending, limit, now))
			.map(rows -> rows.size() > limit ? new Page(rows.subList(0, limit), true) : new Page(rows, false));
	}

	/** Deletes the user's file (record first, so it is unreachable at once, then its bytes); false when none. */
	public Mono<Boolean> delete(String userId, String fileId) {
		return files.delete(userId, fileId)
			.flatMap(deleted -> deleted
					? Mono.fromRunnable(() -> storage.remove(userId, fileId)).subscribeOn(io).thenReturn(true)
					: Mono.just(false));
	}

	/** Where a file's bytes are (read them off the event loop). */
	public Path contentPath(StoredFile file) {
		return storage.contentPath(file);
	}

	Mono<Void> sweepExpired() {
		return files.expired(clock.millis(), 500)
			.flatMapMany(Flux::fromIterable)
			.concatMap(file -> delete(file.userId(), file.id()))
			.then();
	}

	private String newId() {
		char[] chars = new char[24];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
		}
		return "file-" + new String(chars);
	}

	/** The name shown in the API: the client's own, without directories or control characters, bounded. */
	private static String displayName(String name) {
		String shown = name == null ? "" : name.replaceAll("[\\p{Cntrl}]", "").strip();
		int slash = Math.max(shown.lastIndexOf('/'), shown.lastIndexOf('\\'));
		shown = shown.substring(slash + 1);
		if (shown.isEmpty()) {
			shown = "file";
		}
		return shown.length() > MAX_FILENAME_CHARS ? shown.substring(0, MAX_FILENAME_CHARS) : shown;
	}

	@Override
	public void destroy() {
		sweeper.dispose();
		io.dispose();
	}
}
