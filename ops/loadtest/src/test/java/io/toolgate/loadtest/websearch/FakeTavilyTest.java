package io.toolgate.loadtest.websearch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FakeTavilyTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static FakeTavily tavily;

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

    static HttpResponse<String> search(String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tavily.baseUrl() + "/search"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersASearchWithTavilysResponseShape() throws Exception {
        HttpResponse<String> response = search("{\"query\":\"java records\",\"search_depth\":\"basic\",\"max_results\":3,"
                + "\"include_answer\":true}", FakeTavily.DEFAULT_API_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.propertyNames()).containsExactly("query", "follow_up_questions", "answer", "images", "results",
                "response_time", "request_id");
        assertThat(body.get("query").stringValue()).isEqualTo("java records");
        assertThat(body.get("answer").stringValue()).contains("Result 1 for java records", "https://example.com/java-records/1");
        assertThat(body.get("images").isArray()).isTrue();
        assertThat(body.get("images")).isEmpty();
        assertThat(body.get("response_time").isNumber()).isTrue();
        assertThat(body.get("results")).hasSize(3);
        JsonNode first = body.get("results").get(0);
        assertThat(first.propertyNames()).containsExactly("url", "title", "content", "score", "raw_content");
        assertThat(first.get("url").stringValue()).isEqualTo("https://example.com/java-records/1");
        assertThat(first.get("title").stringValue()).isEqualTo("Result 1 for java records");
        assertThat(first.get("content").stringValue()).startsWith("Snippet 1 about java records.");
        assertThat(first.get("score").isDouble()).isTrue();
        assertThat(first.get("raw_content").isNull()).isTrue();
        assertThat(tavily.lastRequest().authorization()).isEqualTo("Bearer " + FakeTavily.DEFAULT_API_KEY);
    }

    @Test
    void defaultsToFiveResultsWithoutAnAnswerAndHonoursTheOptionalFields() throws Exception {
        JsonNode plain = JSON.readTree(search("{\"query\":\"q\"}", FakeTavily.DEFAULT_API_KEY).body());
        assertThat(plain.get("results")).hasSize(5);
        assertThat(plain.get("answer").isNull()).isTrue();

        JsonNode rich = JSON.readTree(search("{\"query\":\"q\",\"max_results\":2,\"include_raw_content\":\"markdown\","
                + "\"include_images\":true,\"include_favicon\":true,\"include_answer\":\"advanced\"}",
                FakeTavily.DEFAULT_API_KEY).body());
        assertThat(rich.get("images")).hasSize(2);
        assertThat(rich.get("results").get(0).get("raw_content").stringValue()).contains("Result 1 for q");
        assertThat(rich.get("results").get(0).get("favicon").stringValue()).startsWith("https://");
        assertThat(rich.get("answer").isString()).isTrue();
    }

    @Test
    void acceptsTheKeyInTheBodyAsTavilyDoes() throws Exception {
        HttpResponse<String> response = search("{\"api_key\":\"" + FakeTavily.DEFAULT_API_KEY + "\",\"query\":\"x\"}", null);
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAMissingOrWrongKeyWithTavilysErrorBody() throws Exception {
        for (String key : new String[] { null, "tvly-wrong" }) {
            HttpResponse<String> response = search("{\"query\":\"x\"}", key);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).at("/detail/error").stringValue())
                    .isEqualTo("Unauthorized: missing or invalid API key.");
        }
    }

    @Test
    void validatesTheRequest() throws Exception {
        assertThat(search("{\"max_results\":3}", FakeTavily.DEFAULT_API_KEY).statusCode()).isEqualTo(400);
        assertThat(search("{\"query\":\"x\",\"max_results\":21}", FakeTavily.DEFAULT_API_KEY).statusCode()).isEqualTo(400);
        assertThat(search("{\"query\":\"x\",\"search_depth\":\"deep\"}", FakeTavily.DEFAULT_API_KEY).statusCode()).isEqualTo(400);
        HttpResponse<String> tooLong = search("{\"query\":\"" + "a".repeat(401) + "\"}", FakeTavily.DEFAULT_API_KEY);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).at("/detail/error").stringValue()).contains("Max query length is 400");
        assertThat(search("not json", FakeTavily.DEFAULT_API_KEY).statusCode()).isEqualTo(400);
    }

    @Test
    void directivesInTheQueryScriptErrorsSlownessAndNonJsonAnswers() throws Exception {
        HttpResponse<String> limited = search("{\"query\":\"error:429 x\"}", FakeTavily.DEFAULT_API_KEY);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(limited.body()).at("/detail/error").stringValue()).contains("excessive requests");

        HttpResponse<String> failed = search("{\"query\":\"error:503 x\"}", FakeTavily.DEFAULT_API_KEY);
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(failed.body()).at("/detail/error").isString()).isTrue();

        HttpResponse<String> html = search("{\"query\":\"html x\"}", FakeTavily.DEFAULT_API_KEY);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");

        JsonNode none = JSON.readTree(search("{\"query\":\"results:0 nothing\",\"include_answer\":true}",
                FakeTavily.DEFAULT_API_KEY).body());
        assertThat(none.get("results")).isEmpty();

        long started = System.nanoTime();
        HttpResponse<String> slow = search("{\"query\":\"delay:300 slow\"}", FakeTavily.DEFAULT_API_KEY);
        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(JSON.readTree(slow.body()).at("/results/0/title").stringValue()).isEqualTo("Result 1 for slow");
    }

    @Test
    void otherPathsAndMethodsGetFastApisAnswers() throws Exception {
        HttpResponse<String> get = CLIENT.send(HttpRequest.newBuilder(URI.create(tavily.baseUrl() + "/search")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> missing = CLIENT.send(HttpRequest.newBuilder(URI.create(tavily.baseUrl() + "/nope")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"detail\":\"Not Found\"}");
    }
}
