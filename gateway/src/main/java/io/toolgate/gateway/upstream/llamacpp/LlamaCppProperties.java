package io.toolgate.gateway.upstream.llamacpp;

import java.time.Duration;

/**
 * Settings of an in-process llama.cpp upstream ({@code toolgate.upstreams[i].llamacpp}). Every field may be
 * left out; the defaults below apply (they are also listed in {@code docs/llamacpp.md}).
 *
 * @param contextSize tokens of context per generation (prompt plus answer); default 4096. llama.cpp is
 *        given {@code contextSize * maxConcurrent} so that every concurrent generation has this much
 * @param threads CPU threads for generation; 0 (default) means all available processors
 * @param gpuLayers layers offloaded to a GPU (needs a GPU build of the native library); default 0
 * @param maxConcurrent generations running at once per model; default 1
 * @param maxQueue requests waiting for a free generation per model; beyond that a request gets 429 with
 *        Retry-After; default 16
 * @param retryAfter what Retry-After tells a refused client; default 1s
 * @param idleUnload a model unused this long is unloaded (and loaded again on the next request); 0 keeps
 *        models loaded; default 15m
 * @param closeTimeout longest wait for the native library to release a model before it is abandoned (the
 *        library's close may never return); default 3s
 * @param contextMargin tokens kept free in the context beyond the prompt; default 16
 * @param overflow what to do with a prompt longer than the context: {@code reject} (400, default) or
 *        {@code truncate} (drop the oldest non-system messages until it fits)
 * @param chatTemplate a llama.cpp built-in template name (chatml, llama2, llama3, mistral-v7, ...) used
 *        instead of the one in the GGUF file; required for files that carry none
 * @param defaults sampling defaults, overridable per request
 */
public record LlamaCppProperties(Integer contextSize, Integer threads, Integer gpuLayers, Integer maxConcurrent,
		Integer maxQueue, Duration retryAfter, Duration idleUnload, Duration closeTimeout, Integer contextMargin,
		Overflow overflow, String chatTemplate, SamplingDefaults defaults) {

	/** What happens to a prompt that does not fit the context. */
	public enum Overflow {
		/** Answer 400 {@code context_length_exceeded}. */
		REJECT,
		/** Drop the oldest messages after the system messages until the prompt fits. */
		TRUNCATE
	}

	public LlamaCppProperties {
		contextSize = positive(contextSize, 4096, "context-size");
		threads = threads == null || threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
		gpuLayers = gpuLayers == null ? 0 : gpuLayers;
		maxConcurrent = positive(maxConcurrent, 1, "max-concurrent");
		maxQueue = maxQueue == null ? 16 : Math.max(0, maxQueue);
		retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
		idleUnload = idleUnload == null ? Duration.ofMinutes(15) : idleUnload;
		closeTimeout = closeTimeout == null ? Duration.ofSeconds(3) : closeTimeout;
		contextMargin = contextMargin == null ? 16 : Math.max(1, contextMargin);
		overflow = overflow == null ? Overflow.REJECT : overflow;
		chatTemplate = chatTemplate == null || chatTemplate.isBlank() ? null : chatTemplate.trim();
		defaults = defaults == null ? SamplingDefaults.standard() : defaults;
		if (contextMargin >= contextSize) {
			throw new IllegalArgumentException("llamacpp.context-margin (" + contextMargin
					+ ") must be smaller than llamacpp.context-size (" + contextSize + ")");
		}
	}

	public static LlamaCppProperties standard() {
		return new LlamaCppProperties(null, null, null, null, null, null, null, null, null, null, null, null);
	}

	private static int positive(Integer value, int fallback, String name) {
		if (value == null) {
			return fallback;
		}
		if (value <= 0) {
			throw new IllegalArgumentException("llamacpp." + name + " must be positive, was " + value);
		}
		return value;
	}

	/**
	 * Sampling defaults ({@code llamacpp.defaults}); a request's own fields win.
	 *
	 * @param temperature default 0.8
	 * @param topP nucleus sampling, default 0.95
	 * @param topK default 40 (0 disables)
	 * @param minP default 0.05
	 * @param repeatPenalty default 1.1 (1.0 disables)
	 * @param repeatLastN tokens the repeat penalty looks back on, default 64
	 * @param mirostat 0 (off, default), 1 or 2
	 * @param mirostatTau target entropy, default 5.0
	 * @param mirostatEta learning rate, default 0.1
	 * @param maxTokens answer length when the request sets none; empty (default) means up to the context
	 */
	public record SamplingDefaults(Double temperature, Double topP, Integer topK, Double minP, Double repeatPenalty,
			Integer repeatLastN, Integer mirostat, Double mirostatTau, Double mirostatEta, Integer maxTokens) {

		public SamplingDefaults {
			temperature = temperature == null ? 0.8 : temperature;
			topP = topP == null ? 0.95 : topP;
			topK = topK == null ? 40 : topK;
			minP = minP == null ? 0.05 : minP;
			repeatPenalty = repeatPenalty == null ? 1.1 : repeatPenalty;
			repeatLastN = repeatLastN == null ? 64 : repeatLastN;
			mirostat = mirostat == null ? 0 : mirostat;
			mirostatTau = mirostatTau == null ? 5.0 : mirostatTau;
			mirostatEta = mirostatEta == null ? 0.1 : mirostatEta;
			if (mirostat < 0 || mirostat > 2) {
				throw new IllegalArgumentException("llamacpp.defaults.mirostat must be 0, 1 or 2, was " + mirostat);
			}
		}

		public static SamplingDefaults standard() {
			return new SamplingDefaults(null, null, null, null, null, null, null, null, null, null);
		}
	}
}
