package io.toolgate.gateway.upstream.llamacpp;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One configured model key of a llamacpp upstream: its file, what start-up found wrong with it (if anything),
 * its admission gate, and the native model while it is loaded. Loads lazily on first use; tracks users so
 * that only an idle model is unloaded.
 */
final class LocalModel {

	private final String key;

	private final Path file;

	private final GgufMetadata metadata;

	private final String problem;

	private final GenerationGate gate;

	private final Supplier<NativeModel> loader;

	private NativeModel loaded;

	private int users;

	private long lastUsed = System.nanoTime();

	private long loads;

	/**
	 * @param problem why the model cannot be served (missing file, no chat template, ...), or null
	 * @param loader loads the native model (blocking)
	 */
	LocalModel(String key, Path file, GgufMetadata metadata, String problem, GenerationGate gate,
			Supplier<NativeModel> loader) {
		this.key = key;
		this.file = file;
		this.metadata = metadata;
		this.problem = problem;
		this.gate = gate;
		this.loader = loader;
	}

	String key() {
		return key;
	}

	Path file() {
		return file;
	}

	GgufMetadata metadata() {
		return metadata;
	}

	String problem() {
		return problem;
	}

	GenerationGate gate() {
		return gate;
	}

	/** The loaded model, loading it first if needed (blocking); pair with {@link #release()}. */
	synchronized NativeModel use() {
		if (loaded == null) {
			loaded = loader.get();
			loads++;
		}
		users++;
		return loaded;
	}

	synchronized void release() {
		users--;
		lastUsed = System.nanoTime();
	}

	/** Detaches the native model if nobody used it for {@code idleNanos}; the caller closes it. */
	synchronized NativeModel detachIfIdle(long idleNanos) {
		if (loaded == null || users > 0 || System.nanoTime() - lastUsed < idleNanos) {
			return null;
		}
		NativeModel model = loaded;
		loaded = null;
		return model;
	}

	/** Detaches the native model whatever its state (shutdown); the caller closes it. */
	synchronized NativeModel detach() {
		NativeModel model = loaded;
		loaded = null;
		return model;
	}

	synchronized boolean isLoaded() {
		return loaded != null;
	}

	/** How many times the model was loaded (a reload after an idle unload counts again). */
	synchronized long loads() {
		return loads;
	}
}
