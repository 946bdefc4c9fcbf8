package io.toolgate.plugins.websearch;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.toolgate.loadtest.websearch.FakeTavily;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolResult;

import static org.assertj.core.api.Assertions.assertThat;

/** The websearch tool against the fake Tavily: results, answers, keys and every failure. */
class TavilyWebSearchTest {

	static FakeTavily tavily;

	final WebSearchTool tool = new WebSearchTool(name -> null, SearchHttp.newClient());

	@BeforeAll
	static void start() {
		tavily = FakeTavily.start();
	}

	@AfterAll
	static void stop() {
		tavily.close();
	}

	@BeforeEach
	void reset() {
		tavily.reset();
	}

	static Map<String, String> config(String... extra) {
		Map<String, String> config = new HashMap<>(Map.of("provider", "tavily", "base-url", tavily.baseUrl(), "api-key",
				FakeTavily.DEFAULT_API_KEY));
		for (int i = 0; i < extra.length; i += 2) {
			if (extra[i + 1] == null) {
				config.remove(extra[i]);
			}
			else {
				config.put(extra[i], extra[i + 1]);
			}
		}
		return config;
	}

	static ToolResult search(WebSearchTool tool, Map<String, String> config, Map<String, Object> arguments)
			throws Exception {
		return tool.call(new ToolCall("call_1", "websearch", arguments, new JSONObject(arguments).toString()),
				new TestContext(config));
	}

	@Test
	void givesNumberedCitableSourcesAndSendsTavilysRequest() throws Exception {
		ToolResult result = search(tool, config(), Map.of("query", "java records", "max_results", 3));

		assertThat(result.error()).as(result.content()).isFalse();
		assertThat(result.content()).startsWith("Web search results for \"java records\" (Tavily, 3 results):")
			.contains("[1] Result 1 for java records\nURL: https://example.com/java-records/1\nSnippet 1 about java records.")
			.contains("[3] Result 3 for java records")
			.doesNotContain("[4]", "Answer from")
			.endsWith("Cite the sources you use by their URL.");
		JSONObject sent = new JSONObject(tavily.lastRequest().body());
		assertThat(sent.getString("query")).isEqualTo("java records");
		assertThat(sent.getInt("max_results")).isEqualTo(3);
		assertThat(sent.getBoolean("include_answer")).isFalse();
		assertThat(sent.has("api_key")).as("the key travels in the header only").isFalse();
		assertThat(tavily.lastRequest().method()).isEqualTo("POST");
		assertThat(tavily.lastRequest().uri()).isEqualTo("/search");
		assertThat(tavily.lastRequest().authorization()).isEqualTo("Bearer " + FakeTavily.DEFAULT_API_KEY);
	}

	@Test
	void includesTavilysAnswerWhenAskedAndUsesTheConfiguredDefaultCount() throws Exception {
		ToolResult result = search(tool, config("max-results", "2"), Map.of("query", "jvm", "include_answer", true));

		assertThat(result.error()).isFalse();
		assertThat(result.content()).contains("(Tavily, 2 results)",
				"Answer from Tavily: According to Result 1 for jvm (https://example.com/jvm/1)");
		assertThat(new JSONObject(tavily.lastRequest().body()).getBoolean("include_answer")).isTrue();
	}

	@Test
	void takesTheKeyFromTheEnvironmentWhenTheConfigurationHasNone() throws Exception {
		WebSearchTool withEnvironment = new WebSearchTool(
				name -> name.equals("TAVILY_API_KEY") ? FakeTavily.DEFAULT_API_KEY : null, SearchHttp.newClient());

		ToolResult result = search(withEnvironment, config("api-key", null), Map.of("query", "env"));

		assertThat(result.error()).as(result.content()).isFalse();
		assertThat(tavily.lastRequest().authorization()).isEqualTo("Bearer " + FakeTavily.DEFAULT_API_KEY);
	}

	@Test
	void aMissingKeyIsAnErrorBeforeAnyRequest() throws Exception {
		ToolResult result = search(tool, config("api-key", null), Map.of("query", "x"));

		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("needs an API key", "toolgate.tools.websearch.config.api-key",
				"TAVILY_API_KEY");
		assertThat(tavily.requests()).isZero();
	}

	@Test
	void aRefusedKeySaysSoWithoutRepeatingTheKey() throws Exception {
		ToolResult result = search(tool, config("api-key", "tvly-wrong-secret"), Map.of("query", "x"));

		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("Tavily refused the API key", "HTTP 401",
				"Unauthorized: missing or invalid API key.", "TAVILY_API_KEY").doesNotContain("tvly-wrong-secret");
	}

	@Test
	void aRateLimitSaysToWait() throws Exception {
		ToolResult result = search(tool, config(), Map.of("query", "error:429 busy"));

		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("rate limit", "HTTP 429", "excessive requests", "retry after 1 s");
	}

	@Test
	void planLimitsBadRequestsAndServerErrorsAreReported() throws Exception {
		assertThat(search(tool, config(), Map.of("query", "error:432 x")).content()).contains("usage limit", "HTTP 432");
		assertThat(search(tool, config(), Map.of("query", "error:400 x")).content()).contains("rejected the search",
				"HTTP 400");
		ToolResult failed = search(tool, config(), Map.of("query", "error:503 x"));
		assertThat(failed.error()).isTrue();
		assertThat(failed.content()).contains("Tavily failed (HTTP 503", "try again later");
	}

	@Test
	void aSlowServiceTimesOut() throws Exception {
		ToolResult result = search(tool, config("timeout", "300ms"), Map.of("query", "delay:5000 slow"));

		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("Tavily did not answer within 300 ms");
	}

	@Test
	void anAnswerThatIsNotJsonIsReported() throws Exception {
		ToolResult result = search(tool, config(), Map.of("query", "html page"));

		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("not a JSON object", "Content-Type text/html", "<!DOCTYPE html>",
				"check the base-url");
	}

	@Test
	void anUnreachableServiceIsReported() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		ToolResult result = search(tool, config("base-url", "http://127.0.0.1:" + closed), Map.of("query", "x"));

		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("could not be reached", "127.0.0.1:" + closed);
	}

	@Test
	void noResultsIsNotAnError() throws Exception {
		ToolResult result = search(tool, config(), Map.of("query", "results:0 nothing"));

		assertThat(result.error()).isFalse();
		assertThat(result.content()).contains("(Tavily, 0 results)", "No results.");
	}
}
