package io.toolgate.loadtest.upstream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Small java.net.http helpers for the tests. */
final class TestHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestHttp() {
    }

    static HttpResponse<String> post(String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads a streamed body line by line; an IOException while reading is recorded instead of thrown. */
    static StreamResult postStream(String url, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<java.io.InputStream> res = CLIENT.send(req, HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        IOException failure = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            failure = e;
        }
        return new StreamResult(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""), lines, failure);
    }

    record StreamResult(int status, String contentType, List<String> lines, IOException failure) {

        /** SSE "data:" payloads, without the prefix. */
        List<String> data() {
            List<String> out = new ArrayList<>();
            for (String l : lines) {
                if (l.startsWith("data: ")) {
                    out.add(l.substring(6));
                }
            }
            return out;
        }

        /** Parsed SSE JSON events (without [DONE]). */
        List<JsonNode> events() {
            List<JsonNode> out = new ArrayList<>();
            for (String d : data()) {
                if (!d.equals("[DONE]")) {
                    out.add(JSON.readTree(d));
                }
            }
            return out;
        }

        /** Parsed NDJSON lines. */
        List<JsonNode> ndjson() {
            List<JsonNode> out = new ArrayList<>();
            for (String l : lines) {
                if (!l.isBlank()) {
                    out.add(JSON.readTree(l));
                }
            }
            return out;
        }
    }

    static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    /** {"model": model, "messages": [{"role":"user","content": content}], ...extra}. */
    static ObjectNode chat(String model, String userContent) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        ObjectNode m = messages.addObject();
        m.put("role", "user");
        m.put("content", userContent);
        return root;
    }

    static String str(JsonNode n) {
        return JSON.writeValueAsString(n);
    }
}
