package io.toolgate.plugins.websearch;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.toolgate.loadtest.websearch.FakeSearxng;
import io.toolgate.plugin.api.ToolResult;

import static io.toolgate.plugins.websearch.TavilyWebSearchTest.search;
import static org.assertj.core.api.Assertions.assertThat;

/** The websearch tool against the fake SearXNG: results, the 403 of a JSON-less instance, limits and failures. */
class SearxngWebSearchTest {

	static FakeSearxng searxng;

	final WebSearchTool tool = new WebSearchTool(name -> null, SearchHttp.newClient());

	@BeforeAll
	static void start() {
		searxng = FakeSearxng.start();
	}

	@AfterAll
	static void stop() {
		searxng.close();
	}

	static Map<String, String> config(FakeSearxng fake, String... extra) {
		Map<String, String> config = new HashMap<>(Map.of("provider", "searxng", "base-url", fake.baseUrl() + "/"));
		for (int i = 0; i < extra.length; i += 2) {
			config.put(extra[i], extra[i + 1]);
		}
		return config;
	}

	@Test
	void givesTheFirstResultsAsCitableSources() throws Exception {
		ToolResult result = search(tool, config(searxng), Map.of("query", "rust borrow checker", "max_results", 3));

		assertThat(result.error()).as(result.content()).isFalse();
		assertThat(result.content()).startsWith("Web search results for \"rust borrow checker\" (SearXNG, 3 results):")
			.contains("[1] Result 1 for rust borrow checker\nURL: https://example.com/rust-borrow-checker/1\n"
					+ "Snippet 1 about rust borrow checker.")
			.contains("[3] ")
			.doesNotContain("[4] ");
		assertThat(searxng.lastRequest().method()).isEqualTo("GET");
		assertThat(searxng.lastRequest().uri()).isEqualTo("/search?q=rust+borrow+checker&format=json");
	}

	@Test
	void usesTheConfiguredDefaultCountAndNeedsNoKey() throws Exception {
		ToolResult result = search(tool, config(searxng, "max-results", "4"), Map.of("query", "x"));

		assertThat(result.content()).contains("(SearXNG, 4 results)");
		assertThat(searxng.lastRequest().authorization()).isNull();
	}

	@Test
	void reportsEnginesThatDidNotAnswer() throws Exception {
		ToolResult result = search(tool, config(searxng), Map.of("query", "unresponsive:brave results:1 partial"));

		assertThat(result.error()).isFalse();
		assertThat(result.content()).contains("Search engines that did not answer: brave (timeout).");
	}

	@Test
	void anInstanceWithoutJsonSaysHowToEnableIt() throws Exception {
		try (FakeSearxng htmlOnly = FakeSearxng.start(false)) {
			ToolResult result = search(tool, config(htmlOnly), Map.of("query", "x"));

			assertThat(result.error()).isTrue();
			assertThat(result.content()).contains("refused format=json", "HTTP 403", "search.formats", "settings.yml");
		}
	}

	@Test
	void theLimiterAndServerErrorsAreReported() throws Exception {
		ToolResult limited = search(tool, config(searxng), Map.of("query", "error:429 x"));
		assertThat(limited.error()).isTrue();
		assertThat(limited.content()).contains("rate limiter", "HTTP 429", "Too Many Requests");

		ToolResult failed = search(tool, config(searxng), Map.of("query", "error:500 x"));
		assertThat(failed.error()).isTrue();
		assertThat(failed.content()).contains("SearXNG failed (HTTP 500", "Internal Server Error");
	}

	@Test
	void aSlowInstanceTimesOut() throws Exception {
		ToolResult result = search(tool, config(searxng, "timeout", "1s"), Map.of("query", "delay:5000 slow"));

		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("SearXNG did not answer within 1 s");
	}

	@Test
	void anHtmlPageInsteadOfJsonIsReported() throws Exception {
		ToolResult result = search(tool, config(searxng), Map.of("query", "html x"));

		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("SearXNG answered HTTP 200 with something that is not a JSON object",
				"text/html");
	}
}
