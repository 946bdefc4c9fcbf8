package io.toolgate.loadtest.websearch;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake of Tavily's search API ({@code POST /search}) with its wire format: the JSON request body
 * ({@code query}, {@code search_depth}, {@code max_results}, {@code include_answer}, {@code include_raw_content},
 * {@code include_images}, ...), the API key as {@code Authorization: Bearer tvly-...} or as {@code api_key} in the
 * body, the response {@code {query, follow_up_questions, answer, images, results:[{url,title,content,score,
 * raw_content}], response_time, request_id}}, and errors as {@code {"detail":{"error":"..."}}}. Directives in the
 * query script failures and delays (see {@code ops/loadtest/README.md}).
 */
public final class FakeTavily extends FakeSearchServer {

    /** The key a fake started without one accepts. */
    public static final String DEFAULT_API_KEY = "tvly-dev-fake0123456789";

    static final String UNAUTHORIZED = "Unauthorized: missing or invalid API key.";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_QUERY_LENGTH = 400;

    private final String apiKey;

    private FakeTavily(int port, String host, String apiKey) {
        super(port, host);
        this.apiKey = apiKey;
    }

    /** Starts on a random free port of 127.0.0.1, accepting {@link #DEFAULT_API_KEY}. */
    public static FakeTavily start() {
        return start(DEFAULT_API_KEY);
    }

    /** Starts on a random free port of 127.0.0.1, accepting this key. */
    public static FakeTavily start(String apiKey) {
        return start(0, DEFAULT_HOST, apiKey);
    }

    /** Starts on this port (0 for a random one) and address, accepting this key. */
    public static FakeTavily start(int port, String host, String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("the fake Tavily needs an API key to accept");
        }
        return new FakeTavily(port, host, apiKey);
    }

    /** The key this fake accepts. */
    public String apiKey() {
        return apiKey;
    }

    @Override
    protected Mono<Void> handle(HttpServerRequest req, HttpServerResponse res, Received received) {
        String path = path(received.uri());
        if (!path.equals("/search")) {
            return json(res, 404, JSON.createObjectNode().put("detail", "Not Found"));
        }
        if (!received.method().equals("POST")) {
            return json(res, 405, JSON.createObjectNode().put("detail", "Method Not Allowed"));
        }
        JsonNode body = parse(received.body());
        if (!(body instanceof ObjectNode request)) {
            return error(res, 400, "Invalid request body: expected a JSON object.");
        }
        if (!authorized(received.authorization(), request)) {
            return error(res, 401, UNAUTHORIZED);
        }
        JsonNode queryNode = request.get("query");
        if (queryNode == null || !queryNode.isString() || queryNode.stringValue().isBlank()) {
            return error(res, 400, "Query is missing.");
        }
        if (queryNode.stringValue().length() > MAX_QUERY_LENGTH) {
            return error(res, 400, "Query is too long. Max query length is 400 characters.");
        }
        JsonNode maxResultsNode = request.get("max_results");
        int maxResults = 5;
        if (maxResultsNode != null && !maxResultsNode.isNull()) {
            if (!maxResultsNode.isIntegralNumber() || maxResultsNode.intValue() < 0 || maxResultsNode.intValue() > 20) {
                return error(res, 400, "max_results must be an integer between 0 and 20.");
            }
            maxResults = maxResultsNode.intValue();
        }
        String depth = text(request.get("search_depth"), "basic");
        if (!List.of("basic", "advanced", "fast", "ultra-fast").contains(depth)) {
            return error(res, 400, "Invalid search depth. Must be 'basic', 'advanced', 'fast' or 'ultra-fast'.");
        }
        SearchDirectives directives = SearchDirectives.parse(queryNode.stringValue());
        Mono<Void> answer;
        if (directives.errorStatus != null) {
            answer = scriptedError(res, directives.errorStatus);
        } else if (directives.html) {
            answer = send(res, 200, "text/html; charset=utf-8", FakeResults.htmlPage("Tavily"));
        } else {
            int count = directives.results >= 0 ? Math.min(directives.results, maxResults) : maxResults;
            answer = json(res, 200, response(queryNode.stringValue(), directives, request, count));
        }
        return delayed(res, directives.delayMs, answer);
    }

    private boolean authorized(String authorization, ObjectNode request) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && authorization.substring(7).strip().equals(apiKey)) {
            return true;
        }
        JsonNode inBody = request.get("api_key");
        return inBody != null && inBody.isString() && inBody.stringValue().equals(apiKey);
    }

    private static ObjectNode response(String query, SearchDirectives directives, ObjectNode request, int count) {
        List<FakeResults.Hit> hits = FakeResults.of(directives.query, count);
        ObjectNode out = JSON.createObjectNode();
        out.put("query", query);
        out.putNull("follow_up_questions");
        if (truthy(request.get("include_answer")) && !hits.isEmpty()) {
            out.put("answer", "According to " + hits.get(0).title() + " (" + hits.get(0).url() + "), "
                    + directives.query + " is fact 1 of the fake index.");
        } else {
            out.putNull("answer");
        }
        ArrayNode images = out.putArray("images");
        if (truthy(request.get("include_images"))) {
            boolean described = truthy(request.get("include_image_descriptions"));
            for (FakeResults.Hit hit : hits) {
                String url = hit.url() + "/image.png";
                if (described) {
                    images.addObject().put("url", url).put("description", "An image about " + directives.query);
                } else {
                    images.add(url);
                }
            }
        }
        boolean raw = truthy(request.get("include_raw_content"));
        boolean favicon = truthy(request.get("include_favicon"));
        ArrayNode results = out.putArray("results");
        for (FakeResults.Hit hit : hits) {
            ObjectNode r = results.addObject();
            r.put("url", hit.url());
            r.put("title", hit.title());
            r.put("content", hit.content());
            r.put("score", hit.score());
            if (raw) {
                r.put("raw_content", "# " + hit.title() + "\n\n" + hit.content() + "\n\nThe whole page of the fake index.");
            } else {
                r.putNull("raw_content");
            }
            if (favicon) {
                r.put("favicon", "https://example.com/favicon.ico");
            }
        }
        out.put("response_time", Math.round((0.5 + directives.delayMs / 1000.0) * 100) / 100.0);
        out.put("request_id", UUID.randomUUID().toString());
        return out;
    }

    /** Tavily's errors for the statuses its clients handle; anything else gets a plain server error. */
    private static Mono<Void> scriptedError(HttpServerResponse res, int status) {
        String message = switch (status) {
            case 400 -> "Invalid request.";
            case 401 -> UNAUTHORIZED;
            case 403 -> "Forbidden: the key is not allowed to use this endpoint.";
            case 429 -> "Your request has been blocked due to excessive requests. Please reduce rate of requests.";
            case 432 -> "This request exceeds your plan's set usage limit. Please upgrade your plan or contact support@tavily.com";
            case 433 -> "This request exceeds the pay-as-you-go limit. You can increase your limit on the Tavily dashboard.";
            default -> status >= 500 ? "Internal Server Error" : "Error " + status;
        };
        if (status == 429) {
            res.header("Retry-After", "1");
        }
        return error(res, status, message);
    }

    private static Mono<Void> error(HttpServerResponse res, int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("detail").put("error", message);
        return json(res, status, body);
    }

    private static Mono<Void> json(HttpServerResponse res, int status, JsonNode body) {
        return send(res, status, "application/json", JSON.writeValueAsString(body));
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Tavily's flags take booleans or, for include_answer / include_raw_content, a mode such as "basic". */
    private static boolean truthy(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isString() && !node.stringValue().isEmpty() && !node.stringValue().equalsIgnoreCase("false");
    }

    private static String text(JsonNode node, String fallback) {
        return node != null && node.isString() ? node.stringValue() : fallback;
    }

    @Override
    public String toString() {
        return "FakeTavily[" + baseUrl() + "]";
    }
}
