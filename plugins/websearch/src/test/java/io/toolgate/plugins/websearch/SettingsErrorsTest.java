package io.toolgate.plugins.websearch;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.toolgate.plugin.api.ApprovalMode;
import io.toolgate.plugin.api.ToolResult;

import static io.toolgate.plugins.websearch.TavilyWebSearchTest.search;
import static org.assertj.core.api.Assertions.assertThat;

/** Configuration and argument mistakes become clear error results, and the spec is what the gateway expects. */
class SettingsErrorsTest {

	final WebSearchTool tool = new WebSearchTool(name -> null, SearchHttp.newClient());

	static Map<String, String> map(String... pairs) {
		Map<String, String> map = new HashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return map;
	}

	@Test
	void theSpecIsWebsearchWithoutApproval() {
		assertThat(tool.spec().name()).isEqualTo("websearch");
		assertThat(tool.spec().defaultApproval()).isEqualTo(ApprovalMode.NEVER);
		assertThat(tool.spec().parametersSchema()).contains("\"query\"", "\"max_results\"", "\"include_answer\"");
	}

	@Test
	void noProviderConfigured() throws Exception {
		ToolResult result = search(tool, map(), Map.of("query", "x"));
		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("not configured", "toolgate.tools.websearch.config.provider", "tavily",
				"searxng");
	}

	@Test
	void unknownProvider() throws Exception {
		assertThat(search(tool, map("provider", "bing"), Map.of("query", "x")).content())
			.contains("provider is 'bing'", "only 'tavily' and 'searxng'");
	}

	@Test
	void searxngWithoutBaseUrlAndBadUrls() throws Exception {
		assertThat(search(tool, map("provider", "searxng"), Map.of("query", "x")).content()).contains("base-url must give");
		assertThat(search(tool, map("provider", "searxng", "base-url", "ftp://host"), Map.of("query", "x")).content())
			.contains("is not an http(s) URL");
	}

	@Test
	void badNumbersAndDurations() throws Exception {
		Map<String, String> base = map("provider", "tavily", "api-key", "k");
		base.put("max-results", "50");
		assertThat(search(tool, base, Map.of("query", "x")).content()).contains("max-results must be a whole number from 1 to 20");
		base.put("max-results", "5");
		base.put("timeout", "soon");
		assertThat(search(tool, base, Map.of("query", "x")).content()).contains("timeout must be a positive duration");
	}

	@Test
	void anEmptyQueryIsRefused() throws Exception {
		ToolResult result = search(tool, map("provider", "tavily", "api-key", "k"), Map.of("query", "  "));
		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("non-empty 'query'");
	}

	@Test
	void durationsInTheUsualForms() {
		assertThat(WebSearchSettings.duration("15s")).hasSeconds(15);
		assertThat(WebSearchSettings.duration("250ms")).hasMillis(250);
		assertThat(WebSearchSettings.duration("2m")).hasMinutes(2);
		assertThat(WebSearchSettings.duration("7")).hasSeconds(7);
		assertThat(WebSearchSettings.duration("PT3S")).hasSeconds(3);
		assertThat(WebSearchSettings.duration("x")).isNull();
	}

	@Test
	void settingsNeverPrintTheKey() throws Exception {
		assertThat(WebSearchSettings.from(map("provider", "tavily", "api-key", "tvly-secret"), name -> null).toString())
			.doesNotContain("tvly-secret");
	}
}
