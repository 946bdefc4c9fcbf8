package io.toolgate.plugins.terminal;

import java.time.Duration;
import java.util.Map;

/** The command's wall-clock limit: asked for by the model, else configured, never above the configured maximum. */
final class Timeouts {

	static final long DEFAULT_SECONDS = 60;

	static final long DEFAULT_MAX_SECONDS = 600;

	private Timeouts() {
	}

	static Duration of(Object requested, Map<String, String> config) {
		long max = seconds(config.get("max-timeout-seconds"), DEFAULT_MAX_SECONDS);
		long chosen = requested instanceof Number number ? number.longValue()
				: seconds(config.get("timeout-seconds"), DEFAULT_SECONDS);
		return Duration.ofSeconds(Math.max(1, Math.min(chosen, max)));
	}

	private static long seconds(String value, long fallback) {
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException e) {
			return fallback;
		}
	}
}
