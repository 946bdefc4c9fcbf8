package io.toolgate.loadtest.websearch;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake SearXNG instance with its search API's wire format: {@code GET|POST /search} (and {@code /}) with
 * {@code q} and {@code format} as query or form parameters; {@code format=json} answers {@code {query,
 * number_of_results, results:[{url,title,content,engine,engines,positions,score,category,parsed_url,template,
 * ...}], answers, corrections, infoboxes, suggestions, unresponsive_engines}}; a format that is not enabled in
 * {@code search.formats} gets Flask's HTML 403 page, as real SearXNG answers {@code format=json} by default.
 * Directives in the query script failures and delays (see {@code ops/loadtest/README.md}).
 */
public final class FakeSearxng extends FakeSearchServer {

    /** Results per page when no directive says otherwise (real instances give 10 to 30). */
    public static final int DEFAULT_RESULTS = 10;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> OUTPUT_FORMATS = Set.of("html", "json", "csv", "rss");
    private static final List<String> ENGINES = List.of("duckduckgo", "brave", "wikipedia", "startpage");

    static final String FORBIDDEN_PAGE = flaskPage("403 Forbidden", "Forbidden",
            "You don&#39;t have the permission to access the requested resource. It is either read-protected or not "
                    + "readable by the server.");

    private final Set<String> formats;

    private FakeSearxng(int port, String host, Set<String> formats) {
        super(port, host);
        this.formats = Set.copyOf(formats);
    }

    /** Starts on a random free port of 127.0.0.1 with {@code search.formats: [html, json]}. */
    public static FakeSearxng start() {
        return start(true);
    }

    /** Starts on a random free port; without JSON, as SearXNG is configured out of the box ({@code [html]}). */
    public static FakeSearxng start(boolean jsonEnabled) {
        return start(0, DEFAULT_HOST, jsonEnabled ? Set.of("html", "json") : Set.of("html"));
    }

    /** Starts on this port (0 for a random one) and address with these enabled output formats. */
    public static FakeSearxng start(int port, String host, Set<String> formats) {
        return new FakeSearxng(port, host, formats);
    }

    /** The enabled output formats ({@code search.formats} of settings.yml). */
    public Set<String> formats() {
        return formats;
    }

    @Override
    protected Mono<Void> handle(HttpServerRequest req, HttpServerResponse res, Received received) {
        String path = path(received.uri());
        if (!path.equals("/search") && !path.equals("/")) {
            return send(res, 404, "text/html; charset=utf-8", flaskPage("404 Not Found", "Not Found",
                    "The requested URL was not found on the server. If you entered the URL manually please check your "
                            + "spelling and try again."));
        }
        if (!received.method().equals("GET") && !received.method().equals("POST")) {
            return send(res, 405, "text/html; charset=utf-8", flaskPage("405 Method Not Allowed", "Method Not Allowed",
                    "The method is not allowed for the requested URL."));
        }
        // SearXNG reads arguments from the query string and the form alike.
        Map<String, List<String>> parameters = new QueryStringDecoder(received.uri()).parameters();
        if (received.method().equals("POST") && !received.body().isEmpty()) {
            parameters = new java.util.LinkedHashMap<>(parameters);
            parameters.putAll(new QueryStringDecoder(received.body(), StandardCharsets.UTF_8, false).parameters());
        }
        String format = first(parameters, "format", "html");
        if (!OUTPUT_FORMATS.contains(format)) {
            format = "html";
        }
        if (!formats.contains(format)) {
            return send(res, 403, "text/html; charset=utf-8", FORBIDDEN_PAGE);
        }
        String q = first(parameters, "q", "");
        if (q.isEmpty()) {
            return format.equals("json")
                    ? send(res, 400, "application/json", "{\"error\": \"No query\"}")
                    : send(res, 200, "text/html; charset=utf-8", FakeResults.htmlPage("SearXNG"));
        }
        SearchDirectives directives = SearchDirectives.parse(q);
        Mono<Void> answer;
        if (directives.errorStatus != null) {
            answer = scriptedError(res, directives.errorStatus);
        } else if (directives.html || !format.equals("json")) {
            answer = send(res, 200, "text/html; charset=utf-8", FakeResults.htmlPage(q + " - SearXNG"));
        } else {
            answer = send(res, 200, "application/json", JSON.writeValueAsString(response(q, directives)));
        }
        return delayed(res, directives.delayMs, answer);
    }

    private static ObjectNode response(String q, SearchDirectives directives) {
        int count = directives.results >= 0 ? directives.results : DEFAULT_RESULTS;
        List<FakeResults.Hit> hits = FakeResults.of(directives.query, count);
        ObjectNode out = JSON.createObjectNode();
        out.put("query", q);
        out.put("number_of_results", hits.size());
        ArrayNode results = out.putArray("results");
        for (FakeResults.Hit hit : hits) {
            String engine = ENGINES.get((hit.rank() - 1) % ENGINES.size());
            LinkedHashSet<String> engines = new LinkedHashSet<>(List.of(engine, ENGINES.get(hit.rank() % ENGINES.size())));
            ObjectNode r = results.addObject();
            r.put("url", hit.url());
            r.put("title", hit.title());
            r.put("content", hit.content());
            r.put("thumbnail", "");
            r.put("engine", engine);
            r.put("template", "default.html");
            ArrayNode parsed = r.putArray("parsed_url");
            parsed.add("https").add("example.com").add(hit.url().substring("https://example.com".length())).add("").add("").add("");
            r.put("img_src", "");
            r.put("iframe_src", "");
            r.put("audio_src", "");
            r.put("priority", "");
            ArrayNode engineList = r.putArray("engines");
            engines.forEach(engineList::add);
            r.putArray("positions").add(hit.rank()).add(hit.rank() + 1);
            r.put("score", Math.round(engines.size() * 10.0 / hit.rank() * 10000) / 10000.0);
            r.put("category", "general");
            r.putNull("publishedDate");
        }
        out.putArray("answers");
        out.putArray("corrections");
        out.putArray("infoboxes");
        ArrayNode suggestions = out.putArray("suggestions");
        if (!directives.query.isEmpty()) {
            suggestions.add(directives.query + " tutorial").add(directives.query + " example");
        }
        ArrayNode unresponsive = out.putArray("unresponsive_engines");
        for (String engine : directives.unresponsive) {
            unresponsive.addArray().add(engine).add("timeout");
        }
        return out;
    }

    /** SearXNG's limiter answers 429 in plain text; Flask answers everything else with its HTML error pages. */
    private static Mono<Void> scriptedError(HttpServerResponse res, int status) {
        if (status == 429) {
            return send(res, 429, "text/plain; charset=utf-8", "Too Many Requests");
        }
        if (status == 403) {
            return send(res, 403, "text/html; charset=utf-8", FORBIDDEN_PAGE);
        }
        String reason = io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
        return send(res, status, "text/html; charset=utf-8", flaskPage(status + " " + reason, reason,
                status >= 500 ? "The server encountered an internal error and was unable to complete your request. "
                        + "Either the server is overloaded or there is an error in the application." : reason + "."));
    }

    /** Werkzeug's default error page. */
    private static String flaskPage(String title, String heading, String text) {
        return "<!doctype html>\n<html lang=en>\n<title>" + title + "</title>\n<h1>" + heading + "</h1>\n<p>" + text
                + "</p>\n";
    }

    private static String first(Map<String, List<String>> parameters, String name, String fallback) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    @Override
    public String toString() {
        return "FakeSearxng[" + baseUrl() + ", formats=" + formats + "]";
    }
}
