package io.toolgate.loadtest.upstream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The Ollama wire protocol ({@code /api/**}). */
final class OllamaProtocol {

    static final String JSON = "application/json; charset=utf-8";
    static final String NDJSON = "application/x-ndjson";
    static final String VERSION = "0.12.6";
    private static final String MODIFIED_AT = "2025-01-15T10:20:30.123456789Z";

    private final FakeUpstream fake;

    OllamaProtocol(FakeUpstream fake) {
        this.fake = fake;
    }

    Mono<Void> handle(HttpServerRequest req, HttpServerResponse res, String path, String body) {
        HttpMethod m = req.method();
        if (m == HttpMethod.POST && path.equals("/api/chat")) {
            return chat(res, body);
        }
        if (m == HttpMethod.POST && (path.equals("/api/embed") || path.equals("/api/embeddings"))) {
            return embed(res, body, path.equals("/api/embeddings"));
        }
        if (m == HttpMethod.GET && path.equals("/api/tags")) {
            ObjectNode root = Json.object();
            ArrayNode models = root.putArray("models");
            for (String model : fake.models()) {
                ObjectNode o = models.addObject();
                o.put("name", model);
                o.put("model", model);
                o.put("modified_at", MODIFIED_AT);
                o.put("size", 2_019_393_189L + Math.abs(model.hashCode() % 1_000_000));
                o.put("digest", sha256(model));
                o.set("details", details(model));
            }
            return FakeUpstream.send(res, 200, JSON, Json.write(root));
        }
        if (m == HttpMethod.GET && path.equals("/api/version")) {
            ObjectNode root = Json.object();
            root.put("version", VERSION);
            return FakeUpstream.send(res, 200, JSON, Json.write(root));
        }
        if (m == HttpMethod.POST && path.equals("/api/show")) {
            return show(res, body);
        }
        if ((m == HttpMethod.GET || m == HttpMethod.HEAD) && path.equals("/")) {
            return FakeUpstream.send(res, 200, "text/plain; charset=utf-8", "Ollama is running");
        }
        return FakeUpstream.send(res, 404, "text/plain", "404 page not found");
    }

    private static ObjectNode details(String model) {
        ObjectNode d = Json.object();
        d.put("parent_model", "");
        d.put("format", "gguf");
        String family = model.contains("qwen") ? "qwen2" : model.contains("embed") ? "bert" : "llama";
        d.put("family", family);
        d.putArray("families").add(family);
        d.put("parameter_size", "3.2B");
        d.put("quantization_level", "Q4_K_M");
        return d;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Mono<Void> error(HttpServerResponse res, int status, String message) {
        ObjectNode root = Json.object();
        root.put("error", message);
        return FakeUpstream.send(res, status, JSON, Json.write(root));
    }

    private Mono<Void> modelNotFound(HttpServerResponse res, String model) {
        return error(res, 404, "model \"" + model + "\" not found, try pulling it first");
    }

    private Mono<Void> show(HttpServerResponse res, String body) {
        JsonNode req = Json.parseOrNull(body);
        String model = req == null ? "" : req.path("model").asString(req.path("name").asString(""));
        if (!fake.hasModel(model)) {
            return modelNotFound(res, model);
        }
        ObjectNode root = Json.object();
        root.put("modelfile", "FROM " + model + "\n");
        root.put("parameters", "");
        root.put("template", "{{ .Prompt }}");
        root.set("details", details(model));
        root.putObject("model_info");
        ArrayNode caps = root.putArray("capabilities");
        caps.add("completion");
        caps.add("tools");
        caps.add("embedding");
        root.put("modified_at", MODIFIED_AT);
        return FakeUpstream.send(res, 200, JSON, Json.write(root));
    }

    // --------------------------------------------------------------------------------------------------- chat

    private Mono<Void> chat(HttpServerResponse res, String body) {
        long start = System.nanoTime();
        JsonNode req = Json.parseOrNull(body);
        if (!(req instanceof ObjectNode)) {
            return error(res, 400, "invalid character in request body");
        }
        String model = req.path("model").asString("");
        if (model.isEmpty()) {
            return error(res, 400, "model is required");
        }
        if (!fake.hasModel(model)) {
            return modelNotFound(res, model);
        }
        boolean stream = req.path("stream").asBoolean(true);
        JsonNode options = req.path("options");
        Integer maxTokens = null;
        if (options.path("num_predict").isNumber() && options.path("num_predict").asInt(-1) >= 0) {
            maxTokens = options.path("num_predict").asInt(0);
        }
        Plan plan = Plan.create(Conversation.from(req.get("messages")), body, maxTokens,
                Json.stringOrArray(options.get("stop")), fake.config().defaultTokenDelayMs());
        if (!stream) {
            long genDelay = plan.tokenDelayMs * Math.max(0, plan.tokens.size() - 1);
            return FakeUpstream.delayed(res, plan.delayMs, Mono.defer(() -> {
                if (plan.errorStatus != null) {
                    return errorDirective(plan.retryAfter(res), plan.errorStatus, model);
                }
                if (plan.failMidStream) {
                    return FakeUpstream.abort(res);
                }
                return FakeUpstream.delayed(res, genDelay, Mono.defer(() -> {
                    ObjectNode root = line(model);
                    ObjectNode message = root.putObject("message");
                    message.put("role", "assistant");
                    message.put("content", plan.toolCalls.isEmpty() ? plan.text() : "");
                    if (!plan.toolCalls.isEmpty()) {
                        message.set("tool_calls", toolCalls(plan));
                    }
                    finish(root, plan, start);
                    return FakeUpstream.send(res, 200, JSON, Json.write(root));
                }));
            }));
        }
        StreamGuard guard = fake.newStreamGuard();
        return FakeUpstream.delayed(res, plan.delayMs, Mono.defer(() -> {
            if (plan.errorStatus != null) {
                guard.complete();
                return errorDirective(plan.retryAfter(res), plan.errorStatus, model);
            }
            List<String> steps = new ArrayList<>();
            if (plan.toolCalls.isEmpty()) {
                for (String token : plan.tokens) {
                    ObjectNode l = line(model);
                    ObjectNode message = l.putObject("message");
                    message.put("role", "assistant");
                    message.put("content", token);
                    l.put("done", false);
                    steps.add(Json.write(l) + "\n");
                }
            } else {
                ObjectNode l = line(model);
                ObjectNode message = l.putObject("message");
                message.put("role", "assistant");
                message.put("content", "");
                message.set("tool_calls", toolCalls(plan));
                l.put("done", false);
                steps.add(Json.write(l) + "\n");
            }
            int cut = plan.failMidStream ? Math.min(2, steps.size()) : -1;
            if (cut < 0) {
                ObjectNode last = line(model);
                ObjectNode message = last.putObject("message");
                message.put("role", "assistant");
                message.put("content", "");
                long genNanos = plan.tokenDelayMs * 1_000_000L * Math.max(0, plan.tokens.size() - 1);
                finish(last, plan, start - genNanos);
                steps.add(Json.write(last) + "\n");
            }
            return fake.stream(res, NDJSON, steps, plan.tokenDelayMs, cut, guard);
        })).doOnCancel(guard::cancel);
    }

    private Mono<Void> errorDirective(HttpServerResponse res, int status, String model) {
        String message = switch (status) {
            case 404 -> "model \"" + model + "\" not found, try pulling it first";
            case 429 -> "too many requests (fake error:429)";
            case 500 -> "llama runner process has terminated: exit status 2";
            case 503 -> "server busy, please try again.  maximum pending requests exceeded";
            default -> "fake upstream error " + status;
        };
        return error(res, status, message);
    }

    private static ObjectNode line(String model) {
        ObjectNode l = Json.object();
        l.put("model", model);
        l.put("created_at", Instant.now().toString());
        return l;
    }

    private ArrayNode toolCalls(Plan plan) {
        ArrayNode calls = Json.array();
        for (int k = 0; k < plan.toolCalls.size(); k++) {
            Directives.ToolCall tc = plan.toolCalls.get(k);
            ObjectNode call = calls.addObject();
            call.put("id", OpenAiProtocol.callId(fake.nextId()));
            ObjectNode fn = call.putObject("function");
            fn.put("index", k);
            fn.put("name", tc.name());
            fn.set("arguments", tc.arguments().deepCopy());
        }
        return calls;
    }

    private static void finish(ObjectNode root, Plan plan, long startNanos) {
        int evalCount = plan.completionTokens();
        long total = Math.max(1000, System.nanoTime() - startNanos);
        root.put("done_reason", "length".equals(plan.finishReason) ? "length" : "stop");
        root.put("done", true);
        root.put("total_duration", total);
        root.put("load_duration", Math.min(total / 10, 1_000_000L));
        root.put("prompt_eval_count", plan.promptTokens);
        root.put("prompt_eval_duration", plan.promptTokens * 1_000L);
        root.put("eval_count", evalCount);
        root.put("eval_duration", Math.max(1000, evalCount * 1_000L));
    }

    // --------------------------------------------------------------------------------------------- embeddings

    private Mono<Void> embed(HttpServerResponse res, String body, boolean legacy) {
        long start = System.nanoTime();
        fake.countEmbedding();
        JsonNode req = Json.parseOrNull(body);
        if (!(req instanceof ObjectNode)) {
            return error(res, 400, "invalid character in request body");
        }
        String model = req.path("model").asString("");
        if (model.isEmpty()) {
            return error(res, 400, "model is required");
        }
        if (!fake.hasModel(model)) {
            return modelNotFound(res, model);
        }
        int dims = req.path("dimensions").isNumber() ? Math.max(1, req.path("dimensions").asInt(0))
                : fake.config().embeddingDimensions();
        if (legacy) {
            ObjectNode root = Json.object();
            ArrayNode arr = root.putArray("embedding");
            for (float f : Embeddings.vector(req.path("prompt").asString(""), dims)) {
                arr.add(f);
            }
            return FakeUpstream.send(res, 200, JSON, Json.write(root));
        }
        List<String> inputs = Json.stringOrArray(req.get("input"));
        ObjectNode root = Json.object();
        root.put("model", model);
        ArrayNode embeddings = root.putArray("embeddings");
        int tokens = 0;
        for (String text : inputs) {
            tokens += Math.max(1, Tokens.countWords(text));
            ArrayNode arr = embeddings.addArray();
            for (float f : Embeddings.vector(text, dims)) {
                arr.add(f);
            }
        }
        long total = Math.max(1000, System.nanoTime() - start);
        root.put("total_duration", total);
        root.put("load_duration", Math.min(total / 10, 1_000_000L));
        root.put("prompt_eval_count", tokens);
        return FakeUpstream.send(res, 200, JSON, Json.write(root));
    }
}
