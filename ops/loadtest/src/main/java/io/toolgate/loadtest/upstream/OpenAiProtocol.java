package io.toolgate.loadtest.upstream;

import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAI wire protocol ({@code /v1/**}). */
final class OpenAiProtocol {

    static final String JSON = "application/json";
    static final String SSE = "text/event-stream; charset=utf-8";
    static final String FINGERPRINT = "fp_f4ke0ups7r";
    private static final long CREATED_MODELS = 1_700_000_000L;

    private final FakeUpstream fake;

    OpenAiProtocol(FakeUpstream fake) {
        this.fake = fake;
    }

    Mono<Void> handle(HttpServerRequest req, HttpServerResponse res, String path, String body) {
        String apiKey = fake.config().apiKey();
        if (apiKey != null) {
            String auth = req.requestHeaders().get("Authorization");
            if (auth == null || !auth.equals("Bearer " + apiKey)) {
                String msg = auth == null
                        ? "You didn't provide an API key. You need to provide your API key in an Authorization header"
                          + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
                        : "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.";
                return error(res, 401, msg, "invalid_request_error", "invalid_api_key");
            }
        }
        HttpMethod m = req.method();
        if (m == HttpMethod.POST && path.equals("/v1/chat/completions")) {
            return chat(res, body);
        }
        if (m == HttpMethod.POST && path.equals("/v1/embeddings")) {
            return embeddings(res, body);
        }
        if (m == HttpMethod.GET && path.equals("/v1/models")) {
            ObjectNode root = Json.object();
            root.put("object", "list");
            ArrayNode data = root.putArray("data");
            for (String model : fake.models()) {
                data.add(model(model));
            }
            return FakeUpstream.send(res, 200, JSON, Json.write(root));
        }
        if (m == HttpMethod.GET && path.startsWith("/v1/models/")) {
            String id = path.substring("/v1/models/".length());
            if (!fake.hasModel(id)) {
                return modelNotFound(res, id);
            }
            return FakeUpstream.send(res, 200, JSON, Json.write(model(id)));
        }
        return error(res, 404, "Invalid URL (" + m.name() + " " + path + ")", "invalid_request_error", null);
    }

    private static ObjectNode model(String id) {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("object", "model");
        o.put("created", CREATED_MODELS);
        o.put("owned_by", "toolgate-fake");
        return o;
    }

    // ------------------------------------------------------------------------------------------------- errors

    Mono<Void> error(HttpServerResponse res, int status, String message) {
        String type;
        String code;
        switch (status) {
            case 400 -> { type = "invalid_request_error"; code = null; }
            case 401 -> { type = "invalid_request_error"; code = "invalid_api_key"; }
            case 403 -> { type = "invalid_request_error"; code = "unsupported_country_region_territory"; }
            case 404 -> { type = "invalid_request_error"; code = "model_not_found"; }
            case 429 -> { type = "requests"; code = "rate_limit_exceeded"; }
            case 503 -> { type = "server_error"; code = "service_unavailable"; }
            default -> {
                type = status >= 500 ? "server_error" : "invalid_request_error";
                code = status >= 500 ? "server_error" : null;
            }
        }
        return error(res, status, message, type, code);
    }

    Mono<Void> errorDirective(HttpServerResponse res, int status) {
        String message = switch (status) {
            case 401 -> "Incorrect API key provided.";
            case 404 -> "The requested resource does not exist (fake error:404).";
            case 429 -> "Rate limit reached for requests (fake error:429).";
            case 500 -> "The server had an error while processing your request. Sorry about that!";
            case 503 -> "The server is overloaded or not ready yet.";
            default -> "Fake upstream error " + status + ".";
        };
        return error(res, status, message);
    }

    static Mono<Void> error(HttpServerResponse res, int status, String message, String type, String code) {
        ObjectNode root = Json.object();
        ObjectNode err = root.putObject("error");
        err.put("message", message);
        err.put("type", type);
        err.putNull("param");
        if (code == null) {
            err.putNull("code");
        } else {
            err.put("code", code);
        }
        if (status == 429 && !res.responseHeaders().contains("Retry-After")) {
            res.header("Retry-After", "1");
        }
        return FakeUpstream.send(res, status, JSON, Json.write(root));
    }

    private Mono<Void> modelNotFound(HttpServerResponse res, String model) {
        return error(res, 404, "The model `" + model + "` does not exist or you do not have access to it.",
                "invalid_request_error", "model_not_found");
    }

    private Mono<Void> badRequest(HttpServerResponse res, String message) {
        return error(res, 400, message, "invalid_request_error", null);
    }

    // --------------------------------------------------------------------------------------------------- chat

    private Mono<Void> chat(HttpServerResponse res, String body) {
        JsonNode req = Json.parseOrNull(body);
        if (!(req instanceof ObjectNode)) {
            return badRequest(res, "We could not parse the JSON body of your request. (HINT: This likely means you"
                    + " aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)");
        }
        String model = req.path("model").asString("");
        if (model.isEmpty()) {
            return badRequest(res, "you must provide a model parameter");
        }
        if (!req.path("messages").isArray()) {
            return badRequest(res, "Missing required parameter: 'messages'.");
        }
        if (!fake.hasModel(model)) {
            return modelNotFound(res, model);
        }
        boolean stream = req.path("stream").asBoolean(false);
        int n = Math.max(1, Math.min(128, req.path("n").asInt(1)));
        Integer maxTokens = null;
        if (req.path("max_completion_tokens").isNumber()) {
            maxTokens = req.path("max_completion_tokens").asInt(0);
        } else if (req.path("max_tokens").isNumber()) {
            maxTokens = req.path("max_tokens").asInt(0);
        }
        boolean includeUsage = req.path("stream_options").path("include_usage").asBoolean(false);
        Plan plan = Plan.create(Conversation.from(req.get("messages")), body, maxTokens,
                Json.stringOrArray(req.get("stop")), fake.config().defaultTokenDelayMs());
        Response r = new Response("chatcmpl-" + Long.toString(fake.nextId(), 36) + "F4keUpstr3am",
                System.currentTimeMillis() / 1000, model, n, plan);
        if (!stream) {
            long genDelay = plan.tokenDelayMs * Math.max(0, plan.tokens.size() - 1);
            return FakeUpstream.delayed(res, plan.delayMs, Mono.defer(() -> {
                if (plan.errorStatus != null) {
                    return errorDirective(plan.retryAfter(res), plan.errorStatus);
                }
                if (plan.failMidStream) {
                    return FakeUpstream.abort(res);
                }
                return FakeUpstream.delayed(res, genDelay,
                        Mono.defer(() -> FakeUpstream.send(res, 200, JSON, Json.write(r.completion()))));
            }));
        }
        StreamGuard guard = fake.newStreamGuard();
        return FakeUpstream.delayed(res, plan.delayMs, Mono.defer(() -> {
            if (plan.errorStatus != null) {
                guard.complete();
                return errorDirective(plan.retryAfter(res), plan.errorStatus);
            }
            List<String> steps = r.streamSteps(includeUsage);
            int cut = plan.failMidStream ? Math.min(3, steps.size() - 1) : -1;
            return fake.stream(res, SSE, steps, plan.tokenDelayMs, cut, guard);
        })).doOnCancel(guard::cancel);
    }

    /** Builds the OpenAI representations of one planned answer. */
    private final class Response {
        final String id;
        final long created;
        final String model;
        final int n;
        final Plan plan;
        final List<List<String>> callIds = new ArrayList<>();

        Response(String id, long created, String model, int n, Plan plan) {
            this.id = id;
            this.created = created;
            this.model = model;
            this.n = n;
            this.plan = plan;
            for (int i = 0; i < n; i++) {
                List<String> ids = new ArrayList<>();
                for (int k = 0; k < plan.toolCalls.size(); k++) {
                    ids.add(callId(fake.nextId()));
                }
                callIds.add(ids);
            }
        }

        ObjectNode completion() {
            ObjectNode root = Json.object();
            root.put("id", id);
            root.put("object", "chat.completion");
            root.put("created", created);
            root.put("model", model);
            ArrayNode choices = root.putArray("choices");
            for (int i = 0; i < n; i++) {
                ObjectNode choice = choices.addObject();
                choice.put("index", i);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                if (plan.toolCalls.isEmpty()) {
                    message.put("content", plan.text());
                } else {
                    message.putNull("content");
                    ArrayNode calls = message.putArray("tool_calls");
                    for (int k = 0; k < plan.toolCalls.size(); k++) {
                        Directives.ToolCall tc = plan.toolCalls.get(k);
                        ObjectNode call = calls.addObject();
                        call.put("id", callIds.get(i).get(k));
                        call.put("type", "function");
                        ObjectNode fn = call.putObject("function");
                        fn.put("name", tc.name());
                        fn.put("arguments", Json.write(tc.arguments()));
                    }
                }
                message.putNull("refusal");
                message.putArray("annotations");
                choice.putNull("logprobs");
                choice.put("finish_reason", plan.finishReason);
            }
            root.set("usage", usage());
            root.put("service_tier", "default");
            root.put("system_fingerprint", FINGERPRINT);
            return root;
        }

        ObjectNode usage() {
            int completion = plan.completionTokens() * n;
            ObjectNode u = Json.object();
            u.put("prompt_tokens", plan.promptTokens);
            u.put("completion_tokens", completion);
            u.put("total_tokens", plan.promptTokens + completion);
            ObjectNode ptd = u.putObject("prompt_tokens_details");
            ptd.put("cached_tokens", 0);
            ptd.put("audio_tokens", 0);
            ObjectNode ctd = u.putObject("completion_tokens_details");
            ctd.put("reasoning_tokens", 0);
            ctd.put("audio_tokens", 0);
            ctd.put("accepted_prediction_tokens", 0);
            ctd.put("rejected_prediction_tokens", 0);
            return u;
        }

        private ObjectNode chunkBase(boolean includeUsage) {
            ObjectNode c = Json.object();
            c.put("id", id);
            c.put("object", "chat.completion.chunk");
            c.put("created", created);
            c.put("model", model);
            c.put("service_tier", "default");
            c.put("system_fingerprint", FINGERPRINT);
            return c;
        }

        private String event(int index, ObjectNode delta, String finishReason, boolean includeUsage) {
            ObjectNode c = chunkBase(includeUsage);
            ObjectNode choice = c.putArray("choices").addObject();
            choice.put("index", index);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            if (includeUsage) {
                c.putNull("usage");
            }
            return "data: " + Json.write(c) + "\n\n";
        }

        /** The SSE body split into steps; a step holds the events of one token (for every choice). */
        List<String> streamSteps(boolean includeUsage) {
            List<String> steps = new ArrayList<>();
            if (plan.toolCalls.isEmpty()) {
                StringBuilder first = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    ObjectNode delta = Json.object();
                    delta.put("role", "assistant");
                    delta.put("content", "");
                    delta.putNull("refusal");
                    first.append(event(i, delta, null, includeUsage));
                }
                steps.add(first.toString());
                for (String token : plan.tokens) {
                    StringBuilder step = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        ObjectNode delta = Json.object();
                        delta.put("content", token);
                        step.append(event(i, delta, null, includeUsage));
                    }
                    steps.add(step.toString());
                }
            } else {
                List<List<String>> perChoice = new ArrayList<>();
                int maxSteps = 0;
                for (int i = 0; i < n; i++) {
                    List<String> events = new ArrayList<>();
                    for (int k = 0; k < plan.toolCalls.size(); k++) {
                        Directives.ToolCall tc = plan.toolCalls.get(k);
                        ObjectNode delta = Json.object();
                        if (k == 0) {
                            delta.put("role", "assistant");
                            delta.putNull("content");
                        }
                        ObjectNode call = delta.putArray("tool_calls").addObject();
                        call.put("index", k);
                        call.put("id", callIds.get(i).get(k));
                        call.put("type", "function");
                        ObjectNode fn = call.putObject("function");
                        fn.put("name", tc.name());
                        fn.put("arguments", "");
                        if (k == 0) {
                            delta.putNull("refusal");
                        }
                        events.add(event(i, delta, null, includeUsage));
                        for (String piece : Tokens.fragments(Json.write(tc.arguments()))) {
                            ObjectNode d = Json.object();
                            ObjectNode frag = d.putArray("tool_calls").addObject();
                            frag.put("index", k);
                            frag.putObject("function").put("arguments", piece);
                            events.add(event(i, d, null, includeUsage));
                        }
                    }
                    perChoice.add(events);
                    maxSteps = Math.max(maxSteps, events.size());
                }
                for (int s = 0; s < maxSteps; s++) {
                    StringBuilder step = new StringBuilder();
                    for (List<String> events : perChoice) {
                        if (s < events.size()) {
                            step.append(events.get(s));
                        }
                    }
                    steps.add(step.toString());
                }
            }
            StringBuilder last = new StringBuilder();
            for (int i = 0; i < n; i++) {
                last.append(event(i, Json.object(), plan.finishReason, includeUsage));
            }
            if (includeUsage) {
                ObjectNode c = chunkBase(true);
                c.putArray("choices");
                c.set("usage", usage());
                last.append("data: ").append(Json.write(c)).append("\n\n");
            }
            last.append("data: [DONE]\n\n");
            steps.add(last.toString());
            return steps;
        }
    }

    static String callId(long seq) {
        String s = Long.toString(seq * 2654435761L & 0xFFFFFFFFFFFFL, 36);
        StringBuilder sb = new StringBuilder("call_");
        for (int i = s.length(); i < 24; i++) {
            sb.append('0');
        }
        return sb.append(s).toString();
    }

    // --------------------------------------------------------------------------------------------- embeddings

    private Mono<Void> embeddings(HttpServerResponse res, String body) {
        fake.countEmbedding();
        JsonNode req = Json.parseOrNull(body);
        if (!(req instanceof ObjectNode)) {
            return badRequest(res, "We could not parse the JSON body of your request.");
        }
        String model = req.path("model").asString("");
        if (model.isEmpty()) {
            return badRequest(res, "you must provide a model parameter");
        }
        if (!fake.hasModel(model)) {
            return modelNotFound(res, model);
        }
        JsonNode input = req.get("input");
        List<String> inputs = new ArrayList<>();
        if (input != null && input.isString()) {
            inputs.add(input.stringValue());
        } else if (input != null && input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                // strings, token arrays (ints) or arrays of token arrays
                inputs.add(item.isString() ? item.stringValue() : item.toString());
            }
            if (input.get(0).isNumber()) {
                inputs.clear();
                inputs.add(input.toString());
            }
        } else {
            return error(res, 400, "'input' is a required property", "invalid_request_error", null);
        }
        int dims = req.path("dimensions").isNumber() ? Math.max(1, req.path("dimensions").asInt(0))
                : fake.config().embeddingDimensions();
        boolean base64 = "base64".equals(req.path("encoding_format").asString("float"));
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        int tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i);
            tokens += Math.max(1, Tokens.countWords(text));
            float[] v = Embeddings.vector(text, dims);
            ObjectNode e = data.addObject();
            e.put("object", "embedding");
            e.put("index", i);
            if (base64) {
                e.put("embedding", Embeddings.base64(v));
            } else {
                ArrayNode arr = e.putArray("embedding");
                for (float f : v) {
                    arr.add(f);
                }
            }
        }
        root.put("model", model);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", tokens);
        usage.put("total_tokens", tokens);
        return FakeUpstream.send(res, 200, JSON, Json.write(root));
    }
}
