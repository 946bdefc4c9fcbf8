package io.toolgate.gateway.upstream.llamacpp;

import java.nio.file.Files;
import java.nio.file.Path;

import io.toolgate.gateway.TestUpstreams;

/** The tiny GGUF model the llamacpp tests run on: {@code <repo>/../shared/models/llama-2-tiny-random.gguf}. */
public final class TestModels {

	private TestModels() {
	}

	/** The model file; fails (never skips) when it is missing. */
	public static Path tiny() {
		Path file = TestUpstreams.repoRoot().resolve("../shared/models/llama-2-tiny-random.gguf").normalize();
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("the test model " + file + " is missing: the llamacpp tests need the "
					+ "shared/ directory (with models/llama-2-tiny-random.gguf) beside the repository");
		}
		return file;
	}
}
