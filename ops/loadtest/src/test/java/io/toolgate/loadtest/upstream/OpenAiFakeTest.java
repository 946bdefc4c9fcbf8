package io.toolgate.loadtest.upstream;

import static io.toolgate.loadtest.upstream.TestHttp.chat;
import static io.toolgate.loadtest.upstream.TestHttp.json;
import static io.toolgate.loadtest.upstream.TestHttp.post;
import static io.toolgate.loadtest.upstream.TestHttp.postStream;
import static io.toolgate.loadtest.upstream.TestHttp.str;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class OpenAiFakeTest {

    static FakeUpstream fake;
    static String url;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
        url = fake.baseUrl() + "/v1/chat/completions";
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.setDown(false);
        fake.reset();
    }

    @Test
    void nonStreamingCompletionHasOpenAiShape() throws Exception {
        HttpResponse<String> res = post(url, str(chat("fake-model", "What is the capital of France, please tell me now")));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode root = json(res.body());
        assertThat(root.get("id").asString()).startsWith("chatcmpl-");
        assertThat(root.get("object").asString()).isEqualTo("chat.completion");
        assertThat(root.get("created").isNumber()).isTrue();
        assertThat(root.get("model").asString()).isEqualTo("fake-model");
        assertThat(root.get("service_tier").asString()).isEqualTo("default");
        assertThat(root.get("system_fingerprint").asString()).startsWith("fp_");
        JsonNode choice = root.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
        JsonNode msg = choice.get("message");
        assertThat(msg.get("role").asString()).isEqualTo("assistant");
        assertThat(msg.get("content").asString()).isEqualTo("Fake answer to: What is the capital of France, please tell");
        assertThat(msg.get("refusal").isNull()).isTrue();
        assertThat(msg.get("annotations").isArray()).isTrue();
        JsonNode usage = root.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(11); // 10 words + 1 message
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(11);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(22);
        assertThat(usage.get("prompt_tokens_details").get("cached_tokens").asInt()).isZero();
        assertThat(usage.get("completion_tokens_details").get("reasoning_tokens").asInt()).isZero();
        assertThat(fake.chatRequests()).isEqualTo(1);
        assertThat(fake.lastChatRequestBody()).contains("capital of France");
    }

    @Test
    void streamingEmitsOneChunkPerTokenThenUsageAndDone() throws Exception {
        ObjectNode req = chat("fake-model", "tokens:5");
        req.put("stream", true);
        req.putObject("stream_options").put("include_usage", true);
        TestHttp.StreamResult s = postStream(url, str(req));
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.contentType()).startsWith("text/event-stream");
        assertThat(s.failure()).isNull();
        List<String> data = s.data();
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> events = s.events();
        // role chunk + 5 tokens + finish chunk + usage chunk
        assertThat(events).hasSize(8);
        JsonNode first = events.get(0);
        assertThat(first.get("object").asString()).isEqualTo("chat.completion.chunk");
        assertThat(str(first.get("choices").get(0).get("delta"))).isEqualTo("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}");
        StringBuilder content = new StringBuilder();
        for (JsonNode e : events) {
            assertThat(e.has("usage")).isTrue();
            if (!e.get("choices").isEmpty()) {
                assertThat(e.get("usage").isNull()).isTrue();
                content.append(e.get("choices").get(0).get("delta").path("content").asString(""));
            }
        }
        assertThat(content.toString()).isEqualTo("tok1 tok2 tok3 tok4 tok5 ");
        JsonNode finish = events.get(6).get("choices").get(0);
        assertThat(str(finish.get("delta"))).isEqualTo("{}");
        assertThat(finish.get("finish_reason").asString()).isEqualTo("stop");
        JsonNode usageChunk = events.get(7);
        assertThat(usageChunk.get("choices").isEmpty()).isTrue();
        assertThat(usageChunk.get("usage").get("completion_tokens").asInt()).isEqualTo(5);
        assertThat(usageChunk.get("usage").get("prompt_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void streamingWithoutIncludeUsageHasNoUsageField() throws Exception {
        ObjectNode req = chat("fake-model", "hello");
        req.put("stream", true);
        TestHttp.StreamResult s = postStream(url, str(req));
        for (JsonNode e : s.events()) {
            assertThat(e.has("usage")).isFalse();
            assertThat(e.get("choices")).hasSize(1);
        }
        assertThat(s.data().get(s.data().size() - 1)).isEqualTo("[DONE]");
    }

    @Test
    void streamedParallelToolCallsReassembleToValidJson() throws Exception {
        ObjectNode req = chat("fake-model",
                "Please check\ntool:get_weather {\"city\":\"Paris\",\"unit\":\"celsius\",\"days\":[1,2,3]}\ntool:get_time {\"tz\":\"Europe/Paris\"}");
        req.put("stream", true);
        TestHttp.StreamResult s = postStream(url, str(req));
        List<JsonNode> events = s.events();
        Map<Integer, StringBuilder> args = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, String> ids = new TreeMap<>();
        String finish = null;
        int fragments = 0;
        for (JsonNode e : events) {
            JsonNode choice = e.get("choices").get(0);
            if (!choice.get("finish_reason").isNull()) {
                finish = choice.get("finish_reason").asString();
            }
            JsonNode calls = choice.get("delta").get("tool_calls");
            if (calls == null) {
                continue;
            }
            for (JsonNode c : calls) {
                int index = c.get("index").asInt();
                if (c.has("id")) {
                    ids.put(index, c.get("id").asString());
                    names.put(index, c.get("function").get("name").asString());
                    assertThat(c.get("type").asString()).isEqualTo("function");
                    assertThat(c.get("function").get("arguments").asString()).isEmpty();
                } else {
                    assertThat(c.has("type")).isFalse();
                    fragments++;
                }
                args.computeIfAbsent(index, k -> new StringBuilder()).append(c.get("function").get("arguments").asString());
            }
        }
        assertThat(finish).isEqualTo("tool_calls");
        assertThat(names).containsEntry(0, "get_weather").containsEntry(1, "get_time");
        assertThat(ids.get(0)).startsWith("call_").isNotEqualTo(ids.get(1));
        assertThat(fragments).isGreaterThan(4);
        assertThat(json(args.get(0).toString())).isEqualTo(json("{\"city\":\"Paris\",\"unit\":\"celsius\",\"days\":[1,2,3]}"));
        assertThat(json(args.get(1).toString())).isEqualTo(json("{\"tz\":\"Europe/Paris\"}"));
        JsonNode firstDelta = events.get(0).get("choices").get(0).get("delta");
        assertThat(firstDelta.get("role").asString()).isEqualTo("assistant");
        assertThat(firstDelta.get("content").isNull()).isTrue();
    }

    @Test
    void nonStreamingToolCallsHaveStringArguments() throws Exception {
        HttpResponse<String> res = post(url, str(chat("fake-model", "tool:lookup {\"q\":\"x y\"}")));
        JsonNode choice = json(res.body()).get("choices").get(0);
        assertThat(choice.get("finish_reason").asString()).isEqualTo("tool_calls");
        JsonNode msg = choice.get("message");
        assertThat(msg.get("content").isNull()).isTrue();
        JsonNode call = msg.get("tool_calls").get(0);
        assertThat(call.get("id").asString()).startsWith("call_");
        assertThat(call.get("type").asString()).isEqualTo("function");
        assertThat(call.get("function").get("name").asString()).isEqualTo("lookup");
        assertThat(json(call.get("function").get("arguments").asString())).isEqualTo(json("{\"q\":\"x y\"}"));
    }

    @Test
    void toolResultsAreAnswered() throws Exception {
        ObjectNode req = chat("fake-model", "tool:a {}\ntool:b {}");
        ArrayNode messages = (ArrayNode) req.get("messages");
        ObjectNode assistant = messages.addObject();
        assistant.put("role", "assistant");
        assistant.putNull("content");
        ArrayNode calls = assistant.putArray("tool_calls");
        calls.addObject().put("id", "call_1").put("type", "function").putObject("function").put("name", "a").put("arguments", "{}");
        messages.addObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "sunny 21C");
        messages.addObject().put("role", "tool").put("tool_call_id", "call_2").put("content", "12:00");
        JsonNode root = json(post(url, str(req)).body());
        assertThat(root.get("choices").get(0).get("message").get("content").asString()).isEqualTo("Tool results: sunny 21C | 12:00");
        assertThat(root.get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void contentArrayTextPartsCarryDirectives() throws Exception {
        ObjectNode req = TestHttp.JSON.createObjectNode();
        req.put("model", "fake-model");
        ArrayNode parts = req.putArray("messages").addObject().put("role", "user").putArray("content");
        parts.addObject().put("type", "text").put("text", "text:Bonjour tout le monde");
        parts.addObject().put("type", "image_url").putObject("image_url").put("url", "http://127.0.0.1/x.png");
        JsonNode root = json(post(url, str(req)).body());
        assertThat(root.get("choices").get(0).get("message").get("content").asString()).isEqualTo("Bonjour tout le monde");
    }

    @Test
    void textJsonAnswersAMultiLineLiteral() throws Exception {
        String deck = "# One\n\n---\n\n# Two \"quoted\"\n";
        ObjectNode req = chat("fake-model", "Write slides.\ntext-json:" + TestHttp.JSON.writeValueAsString(deck));
        JsonNode root = json(post(url, str(req)).body());
        assertThat(root.get("choices").get(0).get("message").get("content").asString()).isEqualTo(deck);
    }

    @Test
    void nChoicesMaxTokensAndStop() throws Exception {
        ObjectNode req = chat("fake-model", "tokens:10");
        req.put("n", 3);
        req.put("max_tokens", 4);
        JsonNode root = json(post(url, str(req)).body());
        assertThat(root.get("choices")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode c = root.get("choices").get(i);
            assertThat(c.get("index").asInt()).isEqualTo(i);
            assertThat(c.get("finish_reason").asString()).isEqualTo("length");
            assertThat(c.get("message").get("content").asString()).isEqualTo("tok1 tok2 tok3 tok4 ");
        }
        assertThat(root.get("usage").get("completion_tokens").asInt()).isEqualTo(12);

        ObjectNode req2 = chat("fake-model", "text:alpha beta gamma delta");
        req2.put("max_completion_tokens", 100);
        req2.putArray("stop").add("gam");
        JsonNode c2 = json(post(url, str(req2)).body()).get("choices").get(0);
        assertThat(c2.get("message").get("content").asString()).isEqualTo("alpha beta ");
        assertThat(c2.get("finish_reason").asString()).isEqualTo("stop");

        ObjectNode req3 = chat("fake-model", "tokens:3");
        req3.put("n", 2);
        req3.put("stream", true);
        req3.put("seed", 42);
        List<JsonNode> events = postStream(url, str(req3)).events();
        Map<Integer, StringBuilder> content = new TreeMap<>();
        Map<Integer, String> finish = new TreeMap<>();
        for (JsonNode e : events) {
            JsonNode c = e.get("choices").get(0);
            int index = c.get("index").asInt();
            content.computeIfAbsent(index, k -> new StringBuilder()).append(c.get("delta").path("content").asString(""));
            if (!c.get("finish_reason").isNull()) {
                finish.put(index, c.get("finish_reason").asString());
            }
        }
        assertThat(content).hasSize(2);
        assertThat(content.get(0).toString()).isEqualTo("tok1 tok2 tok3 ");
        assertThat(content.get(1).toString()).isEqualTo("tok1 tok2 tok3 ");
        assertThat(finish).containsEntry(0, "stop").containsEntry(1, "stop");
    }

    @Test
    void retryAfterDirectiveSetsTheHeaderOfTheScriptedError() throws Exception {
        HttpResponse<String> overloaded = post(url, str(chat("fake-model", "error:503\nretry-after:7")));
        assertThat(overloaded.statusCode()).isEqualTo(503);
        assertThat(overloaded.headers().firstValue("Retry-After")).hasValue("7");
        HttpResponse<String> limited = post(url, str(chat("fake-model", "error:429\nretry-after:3")));
        assertThat(limited.headers().allValues("Retry-After")).containsExactly("3");
        HttpResponse<String> plain = post(url, str(chat("fake-model", "error:503")));
        assertThat(plain.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void errorDirectivesAndUnknownModel() throws Exception {
        for (int status : new int[] {400, 401, 429, 500, 503}) {
            ObjectNode req = chat("fake-model", "error:" + status);
            req.put("stream", true);
            HttpResponse<String> res = post(url, str(req));
            assertThat(res.statusCode()).isEqualTo(status);
            JsonNode err = json(res.body()).get("error");
            assertThat(err.get("message").asString()).isNotBlank();
            assertThat(err.get("type").asString()).isNotBlank();
            assertThat(err.has("param")).isTrue();
            assertThat(err.has("code")).isTrue();
        }
        HttpResponse<String> r429 = post(url, str(chat("fake-model", "error:429")));
        assertThat(json(r429.body()).get("error").get("code").asString()).isEqualTo("rate_limit_exceeded");
        HttpResponse<String> r500 = post(url, str(chat("fake-model", "error:500")));
        assertThat(json(r500.body()).get("error").get("type").asString()).isEqualTo("server_error");

        HttpResponse<String> res = post(url, str(chat("gpt-nope", "hi")));
        assertThat(res.statusCode()).isEqualTo(404);
        JsonNode err = json(res.body()).get("error");
        assertThat(err.get("code").asString()).isEqualTo("model_not_found");
        assertThat(err.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(err.get("param").isNull()).isTrue();
    }

    @Test
    void delayAndTokenDelay() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> res = post(url, str(chat("fake-model", "delay:300\nhello")));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(ms).isGreaterThanOrEqualTo(290);
        assertThat(json(res.body()).get("choices").get(0).get("message").get("content").asString()).isEqualTo("Fake answer to: hello");

        ObjectNode req = chat("fake-model", "token-delay:50\ntokens:4");
        req.put("stream", true);
        t0 = System.nanoTime();
        TestHttp.StreamResult s = postStream(url, str(req));
        ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(s.events()).hasSize(6);
        assertThat(ms).isGreaterThanOrEqualTo(190);
    }

    @Test
    void delayedStreamCompletes() throws Exception {
        ObjectNode req = chat("fake-model", "delay:200\ntoken-delay:20\ntokens:3");
        req.put("stream", true);
        long t0 = System.nanoTime();
        TestHttp.StreamResult s = postStream(url, str(req));
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(190);
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.failure()).isNull();
        assertThat(s.data()).endsWith("[DONE]");
        assertThat(s.events()).hasSize(5);

        ObjectNode err = chat("fake-model", "delay:100\nerror:503");
        err.put("stream", true);
        assertThat(postStream(url, str(err)).status()).isEqualTo(503);
        assertThat(fake.cancelledStreams()).isZero();
    }

    @Test
    void echoReturnsTheRequestBody() throws Exception {
        ObjectNode req = chat("fake-model", "echo");
        req.put("temperature", 0.25);
        req.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "calc");
        String body = str(req);
        JsonNode root = json(post(url, body).body());
        String content = root.get("choices").get(0).get("message").get("content").asString();
        assertThat(json(content)).isEqualTo(json(body));

        req.put("stream", true);
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : postStream(url, str(req)).events()) {
            sb.append(e.get("choices").get(0).get("delta").path("content").asString(""));
        }
        assertThat(json(sb.toString()).get("stream").asBoolean()).isTrue();
    }

    @Test
    void failMidStreamCutsTheConnection() throws Exception {
        ObjectNode req = chat("fake-model", "fail-mid-stream\ntokens:20");
        req.put("stream", true);
        TestHttp.StreamResult s = postStream(url, str(req));
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.failure()).as("reading a truncated chunked body must fail").isNotNull();
        assertThat(s.data()).isNotEmpty().doesNotContain("[DONE]");
        assertThat(fake.cancelledStreams()).isZero();

        // on the wire: chunks, then EOF without the terminating zero-length chunk
        try (Socket socket = open("/v1/chat/completions", str(req))) {
            socket.setSoTimeout(5000);
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(raw).startsWith("HTTP/1.1 200").contains("data: {").doesNotContain("[DONE]")
                    .doesNotContain("\r\n0\r\n\r\n").doesNotContain("finish_reason\":\"stop");
        }
        // the server still works afterwards
        assertThat(post(url, str(chat("fake-model", "hi"))).statusCode()).isEqualTo(200);
    }

    @Test
    void failMidStreamWithoutStreamingClosesWithoutResponse() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> post(url, str(chat("fake-model", "fail-mid-stream"))))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void clientGoingAwayIsCountedAsCancelledStream() throws Exception {
        ObjectNode req = chat("fake-model", "token-delay:100\ntokens:50");
        req.put("stream", true);
        cancelAfterFirstBytes("/v1/chat/completions", str(req));
        awaitCancelled(1);

        // going away during the initial delay also counts
        ObjectNode req2 = chat("fake-model", "delay:2000");
        req2.put("stream", true);
        try (Socket socket = open("/v1/chat/completions", str(req2))) {
            Thread.sleep(200);
        }
        awaitCancelled(2);
        // a complete stream is not counted
        postStream(url, str(chat("fake-model", "hi").put("stream", true)));
        Thread.sleep(100);
        assertThat(fake.cancelledStreams()).isEqualTo(2);
    }

    static void awaitCancelled(int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (fake.cancelledStreams() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fake.cancelledStreams()).isEqualTo(expected);
    }

    static Socket open(String path, String body) throws Exception {
        Socket socket = new Socket("127.0.0.1", fake.port());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    static void cancelAfterFirstBytes(String path, String body) throws Exception {
        try (Socket socket = open(path, body)) {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[512];
            int n = in.read(buf);
            assertThat(n).isPositive();
        }
    }

    @Test
    void apiKeyIsRequiredWhenConfigured() throws Exception {
        try (FakeUpstream secured = FakeUpstream.start(FakeUpstreamConfig.defaults().withApiKey("sk-test"))) {
            String u = secured.baseUrl() + "/v1/chat/completions";
            HttpResponse<String> res = post(u, str(chat("fake-model", "hi")));
            assertThat(res.statusCode()).isEqualTo(401);
            assertThat(json(res.body()).get("error").get("code").asString()).isEqualTo("invalid_api_key");
            assertThat(post(u, str(chat("fake-model", "hi")), "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(post(u, str(chat("fake-model", "hi")), "Authorization", "Bearer sk-test").statusCode()).isEqualTo(200);
            assertThat(TestHttp.get(secured.baseUrl() + "/v1/models").statusCode()).isEqualTo(401);
            // Ollama paths are not protected
            assertThat(TestHttp.get(secured.baseUrl() + "/api/tags").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void setDownAnswers503Everywhere() throws Exception {
        fake.setDown(true);
        HttpResponse<String> res = post(url, str(chat("fake-model", "hi")));
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(json(res.body()).get("error").get("type").asString()).isEqualTo("server_error");
        assertThat(TestHttp.get(fake.baseUrl() + "/v1/models").statusCode()).isEqualTo(503);
        HttpResponse<String> ollama = post(fake.baseUrl() + "/api/chat", str(chat("fake-model", "hi")));
        assertThat(ollama.statusCode()).isEqualTo(503);
        assertThat(json(ollama.body()).get("error").isString()).isTrue();
        fake.setDown(false);
        assertThat(post(url, str(chat("fake-model", "hi"))).statusCode()).isEqualTo(200);
        assertThat(fake.chatRequests()).isEqualTo(3);
        fake.reset();
        assertThat(fake.chatRequests()).isZero();
        assertThat(fake.lastChatRequestBody()).isNull();
    }

    @Test
    void modelsAndEmbeddings() throws Exception {
        JsonNode models = json(TestHttp.get(fake.baseUrl() + "/v1/models").body());
        assertThat(models.get("object").asString()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        for (JsonNode m : models.get("data")) {
            ids.add(m.get("id").asString());
            assertThat(m.get("object").asString()).isEqualTo("model");
            assertThat(m.get("created").isNumber()).isTrue();
            assertThat(m.get("owned_by").isString()).isTrue();
        }
        assertThat(ids).containsExactly("fake-model", "fake-embed");

        String embUrl = fake.baseUrl() + "/v1/embeddings";
        JsonNode emb = json(post(embUrl, "{\"model\":\"fake-embed\",\"input\":[\"hello world\",\"bye\"]}").body());
        assertThat(emb.get("object").asString()).isEqualTo("list");
        assertThat(emb.get("model").asString()).isEqualTo("fake-embed");
        assertThat(emb.get("data")).hasSize(2);
        JsonNode d0 = emb.get("data").get(0);
        assertThat(d0.get("object").asString()).isEqualTo("embedding");
        assertThat(d0.get("index").asInt()).isZero();
        assertThat(d0.get("embedding")).hasSize(16);
        assertThat(emb.get("usage").get("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(emb.get("usage").get("total_tokens").asInt()).isEqualTo(3);

        JsonNode b64 = json(post(embUrl, "{\"model\":\"fake-embed\",\"input\":\"hello world\",\"encoding_format\":\"base64\"}").body());
        byte[] bytes = Base64.getDecoder().decode(b64.get("data").get(0).get("embedding").asString());
        assertThat(bytes).hasSize(64);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 16; i++) {
            assertThat((double) buf.getFloat()).isCloseTo(d0.get("embedding").get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(post(embUrl, "{\"model\":\"nope\",\"input\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(fake.embeddingRequests()).isEqualTo(3);
    }
}
