package io.toolgate.plugins.websearch;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.json.JSONArray;
import org.json.JSONObject;

/** Tavily's search API: {@code POST <base-url>/search} with the key as a bearer token. */
final class TavilySearch implements SearchProvider {

	private final WebSearchSettings settings;

	private final SearchHttp http;

	TavilySearch(WebSearchSettings settings, SearchHttp http) {
		this.settings = settings;
		this.http = http;
	}

	@Override
	public String name() {
		return "Tavily";
	}

	@Override
	public SearchOutcome search(SearchRequest request) throws SearchFailure, InterruptedException {
		String url = settings.baseUrl() + "/search";
		JSONObject body = new JSONObject();
		body.put("query", request.query());
		body.put("search_depth", "basic");
		body.put("topic", "general");
		body.put("max_results", request.maxResults());
		body.put("include_answer", request.includeAnswer());
		body.put("include_raw_content", false);
		body.put("include_images", false);
		HttpRequest httpRequest = HttpRequest.newBuilder(URI.create(url))
			.timeout(settings.timeout())
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("Authorization", "Bearer " + settings.apiKey())
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build();
		HttpResponse<String> response = http.send(name(), settings.baseUrl(), httpRequest, settings.timeout());
		int status = response.statusCode();
		if (status != 200) {
			throw failure(response);
		}
		JSONObject answer = SearchHttp.jsonObject(name(), response);
		JSONArray results = answer.optJSONArray("results");
		if (results == null) {
			throw new SearchFailure("Tavily answered without a 'results' list; the operator should check the base-url.");
		}
		List<SearchHit> hits = new ArrayList<>();
		for (int i = 0; i < results.length() && hits.size() < request.maxResults(); i++) {
			JSONObject result = results.optJSONObject(i);
			if (result != null && !result.optString("url").isBlank()) {
				hits.add(new SearchHit(result.optString("title"), result.optString("url"), result.optString("content")));
			}
		}
		String text = request.includeAnswer() && answer.opt("answer") instanceof String given && !given.isBlank() ? given
				: null;
		return new SearchOutcome(text, hits, List.of());
	}

	private SearchFailure failure(HttpResponse<String> response) {
		int status = response.statusCode();
		String detail = SearchHttp.detail(response);
		String said = "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
		if (status == 401) {
			return new SearchFailure("Tavily refused the API key (" + said + "). The operator must check "
					+ WebSearchSettings.PREFIX + "api-key or the environment variable " + WebSearchSettings.TAVILY_KEY_VARIABLE
					+ ".");
		}
		if (status == 429) {
			String retry = response.headers().firstValue("Retry-After").map(s -> " Tavily asks to retry after " + s + " s.")
				.orElse("");
			return new SearchFailure("Tavily's rate limit was reached (" + said + "). Wait before searching again." + retry);
		}
		if (status == 432 || status == 433) {
			return new SearchFailure("Tavily's usage limit for this key was reached (" + said + "); searches fail until the "
					+ "operator raises the plan's limit.");
		}
		if (status == 400 || status == 422) {
			return new SearchFailure("Tavily rejected the search (" + said + "); change the query.");
		}
		if (status >= 500) {
			return new SearchFailure("Tavily failed (" + said + "); try again later.");
		}
		return new SearchFailure("Tavily answered " + said + ".");
	}
}
