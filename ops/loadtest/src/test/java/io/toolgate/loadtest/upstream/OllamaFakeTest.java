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
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class OllamaFakeTest {

    static FakeUpstream fake;
    static String url;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start(FakeUpstreamConfig.builder()
                .models("llama3.2:latest", "qwen2.5:7b", "nomic-embed-text:latest")
                .embeddingDimensions(8)
                .build());
        url = fake.baseUrl() + "/api/chat";
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
    void streamsNdjsonByDefault() throws Exception {
        TestHttp.StreamResult s = postStream(url, str(chat("llama3.2:latest", "tokens:3")));
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.contentType()).isEqualTo("application/x-ndjson");
        assertThat(s.failure()).isNull();
        List<JsonNode> lines = s.ndjson();
        assertThat(lines).hasSize(4);
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            JsonNode l = lines.get(i);
            assertThat(l.get("model").asString()).isEqualTo("llama3.2:latest");
            assertThat(l.get("created_at").asString()).endsWith("Z");
            assertThat(l.get("message").get("role").asString()).isEqualTo("assistant");
            assertThat(l.get("done").asBoolean()).isFalse();
            assertThat(l.has("done_reason")).isFalse();
            content.append(l.get("message").get("content").asString());
        }
        assertThat(content.toString()).isEqualTo("tok1 tok2 tok3 ");
        JsonNode last = lines.get(3);
        assertThat(last.get("message").get("content").asString()).isEmpty();
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.get("done_reason").asString()).isEqualTo("stop");
        for (String f : new String[] {"total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration",
                "eval_count", "eval_duration"}) {
            assertThat(last.get(f).isNumber()).as(f).isTrue();
        }
        assertThat(last.get("eval_count").asInt()).isEqualTo(3);
        assertThat(last.get("prompt_eval_count").asInt()).isEqualTo(2);
    }

    @Test
    void delayedStreamCompletes() throws Exception {
        TestHttp.StreamResult s = postStream(url, str(chat("llama3.2:latest", "delay:150\ntokens:2")));
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.failure()).isNull();
        List<JsonNode> lines = s.ndjson();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2).get("done").asBoolean()).isTrue();
    }

    @Test
    void streamFalseGivesOneObject() throws Exception {
        ObjectNode req = chat("qwen2.5:7b", "Why is the sky blue?");
        req.put("stream", false);
        HttpResponse<String> res = post(url, str(req));
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode root = json(res.body());
        assertThat(root.get("model").asString()).isEqualTo("qwen2.5:7b");
        assertThat(root.get("message").get("content").asString()).isEqualTo("Fake answer to: Why is the sky blue?");
        assertThat(root.get("done").asBoolean()).isTrue();
        assertThat(root.get("done_reason").asString()).isEqualTo("stop");
        assertThat(root.get("eval_count").asInt()).isEqualTo(8);
        assertThat(root.get("prompt_eval_count").asInt()).isEqualTo(6);
    }

    @Test
    void toolCallsHaveObjectArguments() throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            ObjectNode req = chat("llama3.2:latest", "tool:get_weather {\"city\":\"Paris\"}\ntool:get_time {}");
            req.put("stream", stream);
            JsonNode message;
            if (stream) {
                List<JsonNode> lines = postStream(url, str(req)).ndjson();
                assertThat(lines).hasSize(2);
                message = lines.get(0).get("message");
                assertThat(lines.get(0).get("done").asBoolean()).isFalse();
                assertThat(lines.get(1).get("done").asBoolean()).isTrue();
                assertThat(lines.get(1).get("done_reason").asString()).isEqualTo("stop");
            } else {
                message = json(post(url, str(req)).body()).get("message");
            }
            assertThat(message.get("content").asString()).isEmpty();
            JsonNode calls = message.get("tool_calls");
            assertThat(calls).hasSize(2);
            JsonNode c0 = calls.get(0);
            assertThat(c0.get("id").asString()).startsWith("call_");
            assertThat(c0.get("function").get("index").asInt()).isZero();
            assertThat(c0.get("function").get("name").asString()).isEqualTo("get_weather");
            assertThat(c0.get("function").get("arguments").isObject()).isTrue();
            assertThat(c0.get("function").get("arguments").get("city").asString()).isEqualTo("Paris");
            assertThat(calls.get(1).get("function").get("index").asInt()).isEqualTo(1);
        }
    }

    @Test
    void toolResultsAreAnswered() throws Exception {
        ObjectNode req = chat("llama3.2:latest", "weather?");
        req.put("stream", false);
        ArrayNode messages = (ArrayNode) req.get("messages");
        ObjectNode assistant = messages.addObject().put("role", "assistant").put("content", "");
        assistant.putArray("tool_calls").addObject().putObject("function").put("name", "w").putObject("arguments");
        messages.addObject().put("role", "tool").put("content", "rainy");
        JsonNode root = json(post(url, str(req)).body());
        assertThat(root.get("message").get("content").asString()).isEqualTo("Tool results: rainy");
    }

    @Test
    void numPredictAndStop() throws Exception {
        ObjectNode req = chat("llama3.2:latest", "tokens:10");
        req.put("stream", false);
        req.putObject("options").put("num_predict", 2);
        JsonNode root = json(post(url, str(req)).body());
        assertThat(root.get("message").get("content").asString()).isEqualTo("tok1 tok2 ");
        assertThat(root.get("done_reason").asString()).isEqualTo("length");
        assertThat(root.get("eval_count").asInt()).isEqualTo(2);

        ObjectNode req2 = chat("llama3.2:latest", "text:one two three four");
        ObjectNode options = req2.putObject("options");
        options.putArray("stop").add("three");
        List<JsonNode> lines = postStream(url, str(req2)).ndjson();
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.get("message").get("content").asString()));
        assertThat(sb.toString()).isEqualTo("one two ");
        assertThat(lines.get(lines.size() - 1).get("done_reason").asString()).isEqualTo("stop");
    }

    @Test
    void errorsUseOllamaShape() throws Exception {
        HttpResponse<String> res = post(url, str(chat("missing:latest", "hi")));
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(json(res.body()).get("error").asString()).isEqualTo("model \"missing:latest\" not found, try pulling it first");

        HttpResponse<String> e500 = post(url, str(chat("llama3.2:latest", "error:500")));
        assertThat(e500.statusCode()).isEqualTo(500);
        assertThat(json(e500.body()).get("error").isString()).isTrue();

        long t0 = System.nanoTime();
        HttpResponse<String> e429 = post(url, str(chat("llama3.2:latest", "delay:200\nerror:429")));
        assertThat(e429.statusCode()).isEqualTo(429);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(190);
    }

    @Test
    void failMidStreamCutsTheConnection() throws Exception {
        TestHttp.StreamResult s = postStream(url, str(chat("llama3.2:latest", "fail-mid-stream\ntokens:10")));
        assertThat(s.failure()).isNotNull();
        assertThat(s.ndjson()).isNotEmpty().allSatisfy(l -> assertThat(l.get("done").asBoolean()).isFalse());
    }

    @Test
    void cancelledStreamIsCounted() throws Exception {
        String body = str(chat("llama3.2:latest", "token-delay:100\ntokens:50"));
        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(in.read(new byte[256])).isPositive();
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (fake.cancelledStreams() < 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fake.cancelledStreams()).isEqualTo(1);
        assertThat(fake.chatRequests()).isEqualTo(1);
    }

    @Test
    void tagsVersionAndEmbed() throws Exception {
        JsonNode tags = json(TestHttp.get(fake.baseUrl() + "/api/tags").body());
        JsonNode m0 = tags.get("models").get(0);
        assertThat(m0.get("name").asString()).isEqualTo("llama3.2:latest");
        assertThat(m0.get("model").asString()).isEqualTo("llama3.2:latest");
        assertThat(m0.get("modified_at").isString()).isTrue();
        assertThat(m0.get("size").isNumber()).isTrue();
        assertThat(m0.get("digest").asString()).hasSize(64);
        JsonNode details = m0.get("details");
        assertThat(details.get("format").asString()).isEqualTo("gguf");
        assertThat(details.get("family").asString()).isEqualTo("llama");
        assertThat(details.get("parameter_size").isString()).isTrue();
        assertThat(details.get("quantization_level").isString()).isTrue();
        assertThat(tags.get("models")).hasSize(3);

        assertThat(json(TestHttp.get(fake.baseUrl() + "/api/version").body()).get("version").isString()).isTrue();

        String embed = fake.baseUrl() + "/api/embed";
        JsonNode one = json(post(embed, "{\"model\":\"nomic-embed-text:latest\",\"input\":\"hello world\"}").body());
        assertThat(one.get("model").asString()).isEqualTo("nomic-embed-text:latest");
        assertThat(one.get("embeddings")).hasSize(1);
        assertThat(one.get("embeddings").get(0)).hasSize(8);
        assertThat(one.get("prompt_eval_count").asInt()).isEqualTo(2);
        assertThat(one.get("total_duration").isNumber()).isTrue();
        assertThat(one.get("load_duration").isNumber()).isTrue();
        JsonNode two = json(post(embed, "{\"model\":\"nomic-embed-text:latest\",\"input\":[\"hello world\",\"x\"]}").body());
        assertThat(two.get("embeddings")).hasSize(2);
        assertThat(two.get("embeddings").get(0)).isEqualTo(one.get("embeddings").get(0));
        double norm = 0;
        for (JsonNode v : one.get("embeddings").get(0)) {
            norm += v.asDouble() * v.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(post(embed, "{\"model\":\"nope\",\"input\":\"x\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void downMeans503() throws Exception {
        fake.setDown(true);
        HttpResponse<String> tags = TestHttp.get(fake.baseUrl() + "/api/tags");
        assertThat(tags.statusCode()).isEqualTo(503);
        assertThat(json(tags.body()).get("error").isString()).isTrue();
        fake.setDown(false);
        assertThat(TestHttp.get(fake.baseUrl() + "/api/tags").statusCode()).isEqualTo(200);
    }

    @Test
    void closeCutsKeepAliveAndInFlightConnections() throws Exception {
        FakeUpstream a = FakeUpstream.start();
        String body = str(chat("fake-model", "text:hello").put("stream", false));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String request = "POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + bytes.length + "\r\n\r\n";
        try (Socket idle = new Socket("127.0.0.1", a.port()); Socket busy = new Socket("127.0.0.1", a.port())) {
            idle.setSoTimeout(5000);
            busy.setSoTimeout(5000);
            idle.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            idle.getOutputStream().write(bytes);
            InputStream in = idle.getInputStream();
            byte[] buf = new byte[4096];
            String response = "";
            while (!response.contains("\"done\":true")) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                response += new String(buf, 0, n, StandardCharsets.UTF_8);
            }
            // a stream waiting on a long delay
            String slow = str(chat("fake-model", "delay:30000"));
            busy.getOutputStream().write(("POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                    + slow.length() + "\r\n\r\n" + slow).getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(100);
            long t0 = System.nanoTime();
            a.close();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1500);
            assertThat(in.read(buf)).as("idle keep-alive connection closed").isEqualTo(-1);
            assertThat(busy.getInputStream().read(buf)).as("in-flight connection closed").isEqualTo(-1);
        }
        a.close(); // idempotent
    }

    @Test
    void closeFreesThePortAndItCanBeReused() throws Exception {
        FakeUpstream a = FakeUpstream.start();
        int port = a.port();
        assertThat(a.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
        // keep a connection open, then close: must not hang
        assertThat(post(a.baseUrl() + "/api/chat", str(chat("fake-model", "hi").put("stream", false))).statusCode()).isEqualTo(200);
        long t0 = System.nanoTime();
        a.close();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2500);
        // The listening socket is released asynchronously; what matters is that the port is free again promptly.
        FakeUpstream b = null;
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (b == null) {
            try {
                b = FakeUpstream.start(FakeUpstreamConfig.defaults().withPort(port));
            } catch (RuntimeException stillBound) {
                if (System.nanoTime() > deadline) {
                    throw stillBound;
                }
                Thread.sleep(50);
            }
        }
        try (FakeUpstream reused = b) {
            assertThat(reused.port()).isEqualTo(port);
            assertThat(TestHttp.get(reused.baseUrl() + "/api/version").statusCode()).isEqualTo(200);
        }
    }
}
