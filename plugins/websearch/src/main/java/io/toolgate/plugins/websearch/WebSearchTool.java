package io.toolgate.plugins.websearch;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Function;

import org.pf4j.Extension;

import io.toolgate.plugin.api.ApprovalMode;
import io.toolgate.plugin.api.Tool;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;
import io.toolgate.plugin.api.ToolSpec;

/**
 * Searches the web through the provider the operator configured (Tavily or a SearXNG instance) and gives the
 * model numbered sources with title, URL and snippet, plus Tavily's own answer when asked. Every failure (no
 * provider, no key, refused key, rate limit, timeout, an answer that is not JSON) is an error result that says
 * what happened and who can fix it.
 */
@Extension
public class WebSearchTool implements Tool {

	static final String NAME = "websearch";

	private static final String SCHEMA = """
			{"type":"object",
			 "properties":{
			   "query":{"type":"string","minLength":1,"description":"What to search the web for, as a search engine query."},
			   "max_results":{"type":"integer","minimum":1,"maximum":20,"description":"How many results to return (default set by the operator, usually 5)."},
			   "include_answer":{"type":"boolean","description":"Also return the search service's own short answer (Tavily only)."}
			 },
			 "required":["query"]}""";

	private final Function<String, String> environment;

	private final HttpClient client;

	/** The gateway's constructor: keys from the real environment. */
	public WebSearchTool() {
		this(System::getenv, SearchHttp.newClient());
	}

	WebSearchTool(Function<String, String> environment, HttpClient client) {
		this.environment = environment;
		this.client = client;
	}

	@Override
	public ToolSpec spec() {
		return new ToolSpec(NAME, "Searches the web and returns numbered sources (title, URL, snippet) to read and cite. "
				+ "Use it for current events and facts you are not sure of.", SCHEMA, ApprovalMode.NEVER,
				Duration.ofSeconds(60));
	}

	@Override
	public ToolResult call(ToolCall call, ToolContext context) throws InterruptedException {
		String query = call.string("query", "").strip();
		if (query.isEmpty()) {
			return ToolResult.error("The websearch tool needs a non-empty 'query'.");
		}
		WebSearchSettings settings;
		try {
			settings = WebSearchSettings.from(context.config(), environment);
		}
		catch (SearchFailure e) {
			return ToolResult.error(e.getMessage());
		}
		int maxResults = settings.maxResults();
		if (call.arguments().get("max_results") instanceof Number requested) {
			maxResults = (int) Math.max(1, Math.min(WebSearchSettings.MAX_RESULTS_LIMIT, requested.longValue()));
		}
		boolean includeAnswer = Boolean.TRUE.equals(call.arguments().get("include_answer"));
		SearchRequest request = new SearchRequest(query, maxResults, includeAnswer);
		SearchProvider provider = provider(settings);
		try {
			return ToolResult.text(CitableText.of(provider.name(), request, provider.search(request)));
		}
		catch (SearchFailure e) {
			return ToolResult.error("Web search failed: " + e.getMessage());
		}
	}

	private SearchProvider provider(WebSearchSettings settings) {
		SearchHttp http = new SearchHttp(client);
		return WebSearchSettings.TAVILY.equals(settings.provider()) ? new TavilySearch(settings, http)
				: new SearxngSearch(settings, http);
	}
}
