package io.toolgate.plugins.pptmaker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The operator's settings ({@code toolgate.tools.ppt_maker.config.*}).
 *
 * @param marpCommand how to start the Marp CLI (words split at spaces), default {@code marp} on the PATH
 * @param browser the Chromium executable: {@code browser-path}, else {@code CHROME_PATH}, else Debian's or
 * Google's usual paths; null when none is found
 * @param browserArguments extra Chromium arguments (before the flags that cut the network)
 * @param timeout the longest time all renders of one call may take together
 * @param model the model that writes decks from a request, or null for the model of the conversation
 */
record MarpSettings(List<String> marpCommand, String browser, List<String> browserArguments, Duration timeout,
		String model) {

	static final String PREFIX = "toolgate.tools.ppt_maker.config.";

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

	static final List<String> KNOWN_BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
			"/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");

	/** @throws IllegalArgumentException for a setting that cannot be used */
	static MarpSettings from(Map<String, String> config, Function<String, String> environment) {
		String command = value(config, "marp-command");
		List<String> marp = command == null ? List.of("marp") : words(command);
		String browser = value(config, "browser-path");
		if (browser == null) {
			browser = blankToNull(environment.apply("CHROME_PATH"));
		}
		if (browser == null) {
			browser = KNOWN_BROWSERS.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null);
		}
		String arguments = value(config, "browser-args");
		Duration timeout = DEFAULT_TIMEOUT;
		String configuredTimeout = value(config, "timeout");
		if (configuredTimeout != null) {
			timeout = duration(configuredTimeout);
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException(PREFIX + "timeout must be a positive duration such as 120s, not '"
						+ configuredTimeout + "'");
			}
		}
		return new MarpSettings(marp, browser, arguments == null ? List.of() : words(arguments), timeout,
				value(config, "model"));
	}

	static Duration duration(String text) {
		try {
			String lower = text.strip().toLowerCase(Locale.ROOT);
			if (lower.startsWith("pt")) {
				return Duration.parse(lower.toUpperCase(Locale.ROOT));
			}
			if (lower.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2).strip()));
			}
			if (lower.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1).strip()));
			}
			if (lower.endsWith("m")) {
				return Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1).strip()));
			}
			return Duration.ofSeconds(Long.parseLong(lower));
		}
		catch (NumberFormatException | DateTimeParseException e) {
			return null;
		}
	}

	private static List<String> words(String text) {
		return Arrays.stream(text.strip().split("\\s+")).filter(word -> !word.isEmpty()).toList();
	}

	private static String value(Map<String, String> config, String key) {
		return blankToNull(config.get(key));
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
