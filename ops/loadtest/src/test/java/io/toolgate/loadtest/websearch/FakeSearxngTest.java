package io.toolgate.loadtest.websearch;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FakeSearxngTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static FakeSearxng searxng;

    @BeforeAll
    static void start() {
        searxng = FakeSearxng.start();
    }

    @AfterAll
    static void stop() {
        searxng.close();
    }

    static HttpResponse<String> get(FakeSearxng fake, String query) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + query)).timeout(Duration.ofSeconds(20)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void answersJsonWithSearxngsResponseShape() throws Exception {
        HttpResponse<String> response = get(searxng, "/search?q=" + q("rust borrow checker") + "&format=json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.propertyNames()).containsExactly("query", "number_of_results", "results", "answers", "corrections",
                "infoboxes", "suggestions", "unresponsive_engines");
        assertThat(body.get("query").stringValue()).isEqualTo("rust borrow checker");
        assertThat(body.get("results")).hasSize(FakeSearxng.DEFAULT_RESULTS);
        JsonNode first = body.get("results").get(0);
        assertThat(first.get("url").stringValue()).isEqualTo("https://example.com/rust-borrow-checker/1");
        assertThat(first.get("title").stringValue()).isEqualTo("Result 1 for rust borrow checker");
        assertThat(first.get("content").stringValue()).startsWith("Snippet 1 about rust borrow checker.");
        assertThat(first.get("engine").stringValue()).isEqualTo("duckduckgo");
        assertThat(first.get("engines")).hasSize(2);
        assertThat(first.get("parsed_url")).hasSize(6);
        assertThat(first.get("category").stringValue()).isEqualTo("general");
        assertThat(first.get("score").isNumber()).isTrue();
        assertThat(first.get("template").stringValue()).isEqualTo("default.html");
        assertThat(body.get("suggestions")).isNotEmpty();
        assertThat(body.get("unresponsive_engines")).isEmpty();
    }

    @Test
    void acceptsTheRootPathAndPostedFormsToo() throws Exception {
        assertThat(get(searxng, "/?q=x&format=json").statusCode()).isEqualTo(200);
        HttpResponse<String> posted = CLIENT.send(HttpRequest.newBuilder(URI.create(searxng.baseUrl() + "/search"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=posted+query&format=json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(posted.body()).get("query").stringValue()).isEqualTo("posted query");
    }

    @Test
    void refusesJsonWith403WhenTheFormatIsNotEnabledAsSearxngDoesOutOfTheBox() throws Exception {
        try (FakeSearxng htmlOnly = FakeSearxng.start(false)) {
            HttpResponse<String> response = get(htmlOnly, "/search?q=x&format=json");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(response.body()).contains("<title>403 Forbidden</title>");
            assertThat(get(htmlOnly, "/search?q=x").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aMissingQueryIsA400InJson() throws Exception {
        HttpResponse<String> response = get(searxng, "/search?format=json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").stringValue()).isEqualTo("No query");
    }

    @Test
    void directivesScriptLimitsFailuresUnresponsiveEnginesAndCounts() throws Exception {
        HttpResponse<String> limited = get(searxng, "/search?q=" + q("error:429 x") + "&format=json");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).isEqualTo("Too Many Requests");

        HttpResponse<String> failed = get(searxng, "/search?q=" + q("error:500 x") + "&format=json");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).contains("Internal Server Error");

        JsonNode few = JSON.readTree(get(searxng, "/search?q=" + q("results:2 unresponsive:brave few") + "&format=json").body());
        assertThat(few.get("results")).hasSize(2);
        assertThat(few.get("unresponsive_engines").get(0).get(0).stringValue()).isEqualTo("brave");
        assertThat(few.get("results").get(0).get("title").stringValue()).isEqualTo("Result 1 for few");

        HttpResponse<String> html = get(searxng, "/search?q=" + q("html x") + "&format=json");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    }
}
