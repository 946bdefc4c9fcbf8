package io.toolgate.plugins.websearch;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.json.JSONArray;
import org.json.JSONObject;

/** A SearXNG instance's search API: {@code GET <base-url>/search?q=...&format=json}. */
final class SearxngSearch implements SearchProvider {

	private final WebSearchSettings settings;

	private final SearchHttp http;

	SearxngSearch(WebSearchSettings settings, SearchHttp http) {
		this.settings = settings;
		this.http = http;
	}

	@Override
	public String name() {
		return "SearXNG";
	}

	@Override
	public SearchOutcome search(SearchRequest request) throws SearchFailure, InterruptedException {
		String url = settings.baseUrl() + "/search?q=" + URLEncoder.encode(request.query(), StandardCharsets.UTF_8)
				+ "&format=json";
		HttpRequest httpRequest = HttpRequest.newBuilder(URI.create(url))
			.timeout(settings.timeout())
			.header("Accept", "application/json")
			.GET()
			.build();
		HttpResponse<String> response = http.send(name(), settings.baseUrl(), httpRequest, settings.timeout());
		if (response.statusCode() != 200) {
			throw failure(response);
		}
		JSONObject answer = SearchHttp.jsonObject(name(), response);
		JSONArray results = answer.optJSONArray("results");
		if (results == null) {
			throw new SearchFailure("SearXNG answered without a 'results' list; the operator should check the base-url.");
		}
		List<SearchHit> hits = new ArrayList<>();
		// SearXNG has no result-count parameter: cut its page here.
		for (int i = 0; i < results.length() && hits.size() < request.maxResults(); i++) {
			JSONObject result = results.optJSONObject(i);
			if (result != null && !result.optString("url").isBlank()) {
				hits.add(new SearchHit(result.optString("title"), result.optString("url"), result.optString("content")));
			}
		}
		List<String> notes = new ArrayList<>();
		JSONArray unresponsive = answer.optJSONArray("unresponsive_engines");
		if (unresponsive != null && !unresponsive.isEmpty()) {
			List<String> engines = new ArrayList<>();
			for (int i = 0; i < unresponsive.length(); i++) {
				JSONArray pair = unresponsive.optJSONArray(i);
				engines.add(pair == null ? String.valueOf(unresponsive.opt(i))
						: pair.optString(0) + (pair.optString(1).isBlank() ? "" : " (" + pair.optString(1) + ")"));
			}
			notes.add("Search engines that did not answer: " + String.join(", ", engines) + ".");
		}
		return new SearchOutcome(request.includeAnswer() ? firstAnswer(answer.optJSONArray("answers")) : null, hits, notes);
	}

	/** Answers are strings in older SearXNG versions and objects with an {@code answer} field in newer ones. */
	private static String firstAnswer(JSONArray answers) {
		if (answers == null) {
			return null;
		}
		for (int i = 0; i < answers.length(); i++) {
			Object answer = answers.opt(i);
			if (answer instanceof String text && !text.isBlank()) {
				return text;
			}
			if (answer instanceof JSONObject object && !object.optString("answer").isBlank()) {
				return object.optString("answer");
			}
		}
		return null;
	}

	private SearchFailure failure(HttpResponse<String> response) {
		int status = response.statusCode();
		String detail = SearchHttp.detail(response);
		String said = "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
		if (status == 403) {
			return new SearchFailure("SearXNG at " + settings.baseUrl() + " refused format=json (" + said + "). Its operator "
					+ "must list json in search.formats of its settings.yml.");
		}
		if (status == 429) {
			return new SearchFailure("SearXNG's rate limiter refused the search (" + said + "). Wait before searching again; "
					+ "its operator may exempt the gateway (server.limiter or botdetection pass_ip in settings.yml).");
		}
		if (status >= 500) {
			return new SearchFailure("SearXNG failed (" + said + "); try again later.");
		}
		return new SearchFailure("SearXNG answered " + said + ".");
	}
}
