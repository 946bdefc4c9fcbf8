package io.toolgate.plugins.websearch;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The operator's settings ({@code toolgate.tools.websearch.config.*}): which provider, where, with which key,
 * how many results by default and how long to wait. Read on every call, so a bad setting is reported to the
 * model as a clear error instead of keeping the plugin from loading.
 *
 * @param provider {@code tavily} or {@code searxng}
 * @param baseUrl the service's address, without a trailing slash
 * @param apiKey Tavily's key, or null
 * @param maxResults results when the model does not say
 * @param timeout the longest wait for one search
 */
record WebSearchSettings(String provider, String baseUrl, String apiKey, int maxResults, Duration timeout) {

	static final String PREFIX = "toolgate.tools.websearch.config.";

	static final String TAVILY = "tavily";

	static final String SEARXNG = "searxng";

	static final String TAVILY_DEFAULT_URL = "https://api.tavily.com";

	static final String TAVILY_KEY_VARIABLE = "TAVILY_API_KEY";

	static final int DEFAULT_MAX_RESULTS = 5;

	/** Tavily's own limit; SearXNG lists are cut to it as well. */
	static final int MAX_RESULTS_LIMIT = 20;

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

	/**
	 * Reads the settings.
	 * @param config the tool's configuration
	 * @param environment environment variables ({@code System::getenv} outside tests)
	 * @throws SearchFailure when no provider is configured or a setting is invalid
	 */
	static WebSearchSettings from(Map<String, String> config, Function<String, String> environment) throws SearchFailure {
		String provider = blankToNull(config.get("provider"));
		if (provider == null) {
			throw new SearchFailure("Web search is not configured on this gateway: the operator must set " + PREFIX
					+ "provider to 'tavily' or 'searxng'.");
		}
		provider = provider.toLowerCase(Locale.ROOT);
		if (!provider.equals(TAVILY) && !provider.equals(SEARXNG)) {
			throw new SearchFailure("Web search is misconfigured: " + PREFIX + "provider is '" + provider
					+ "', but only 'tavily' and 'searxng' are supported.");
		}
		String baseUrl = blankToNull(config.get("base-url"));
		if (baseUrl == null) {
			if (provider.equals(SEARXNG)) {
				throw new SearchFailure("Web search is misconfigured: " + PREFIX
						+ "base-url must give the SearXNG instance's address (e.g. http://localhost:8888).");
			}
			baseUrl = TAVILY_DEFAULT_URL;
		}
		baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		try {
			URI uri = URI.create(baseUrl);
			if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
				throw new IllegalArgumentException("not an http(s) URL");
			}
		}
		catch (IllegalArgumentException e) {
			throw new SearchFailure("Web search is misconfigured: " + PREFIX + "base-url '" + baseUrl
					+ "' is not an http(s) URL.");
		}
		String apiKey = blankToNull(config.get("api-key"));
		if (apiKey == null && provider.equals(TAVILY)) {
			apiKey = blankToNull(environment.apply(TAVILY_KEY_VARIABLE));
			if (apiKey == null) {
				throw new SearchFailure("Web search with Tavily needs an API key: the operator must set " + PREFIX
						+ "api-key or the environment variable " + TAVILY_KEY_VARIABLE + ".");
			}
		}
		int maxResults = DEFAULT_MAX_RESULTS;
		String configuredMax = blankToNull(config.get("max-results"));
		if (configuredMax != null) {
			try {
				maxResults = Integer.parseInt(configuredMax.strip());
			}
			catch (NumberFormatException e) {
				maxResults = -1;
			}
			if (maxResults < 1 || maxResults > MAX_RESULTS_LIMIT) {
				throw new SearchFailure("Web search is misconfigured: " + PREFIX + "max-results must be a whole number "
						+ "from 1 to " + MAX_RESULTS_LIMIT + ", not '" + configuredMax + "'.");
			}
		}
		Duration timeout = DEFAULT_TIMEOUT;
		String configuredTimeout = blankToNull(config.get("timeout"));
		if (configuredTimeout != null) {
			timeout = duration(configuredTimeout.strip());
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new SearchFailure("Web search is misconfigured: " + PREFIX + "timeout must be a positive duration "
						+ "such as 15s or 500ms, not '" + configuredTimeout + "'.");
			}
		}
		return new WebSearchSettings(provider, baseUrl, apiKey, maxResults, timeout);
	}

	/** {@code 15s}, {@code 500ms}, {@code 2m}, a number of seconds, or ISO-8601 ({@code PT15S}); null if none of these. */
	static Duration duration(String text) {
		try {
			String lower = text.toLowerCase(Locale.ROOT);
			if (lower.startsWith("pt")) {
				return Duration.parse(text.toUpperCase(Locale.ROOT));
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

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	/** Never prints the key. */
	@Override
	public String toString() {
		return "WebSearchSettings[provider=" + provider + ", baseUrl=" + baseUrl + ", apiKey="
				+ (apiKey == null ? "none" : "***") + ", maxResults=" + maxResults + ", timeout=" + timeout + "]";
	}
}
