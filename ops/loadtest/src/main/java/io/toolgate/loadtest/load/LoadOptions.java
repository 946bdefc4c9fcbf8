package io.toolgate.loadtest.load;

import java.net.URI;

/**
 * Options of one open-loop load run.
 *
 * @param url          full URL, e.g. {@code http://127.0.0.1:8080/v1/chat/completions}; a path ending in
 *                     {@code /api/chat} gets an Ollama request body, anything else an OpenAI one
 * @param rate         offered request rate (requests per second)
 * @param durationSec  measured duration in seconds (after warm-up)
 * @param warmupSec    warm-up seconds (load is sent, nothing is recorded)
 * @param stream       request streaming and record time-to-first-token and inter-chunk times
 * @param model        model name put in the request body
 * @param prompt       text of the single user message (directives such as {@code delay:1000} work)
 * @param apiKey       sent as {@code Authorization: Bearer <apiKey>} when non-null
 * @param maxInFlight  connection-pool size (max concurrent connections); more requests queue in the pool
 * @param timeoutSec   per-request timeout (whole response)
 * @param body         raw JSON body to POST instead of the generated one (nullable)
 * @param jsonFile     write the results as JSON to this file (nullable)
 */
public record LoadOptions(URI url, double rate, double durationSec, double warmupSec, boolean stream, String model,
                          String prompt, String apiKey, int maxInFlight, double timeoutSec, String body,
                          String jsonFile) {

    public LoadOptions {
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be > 0");
        }
        if (durationSec <= 0) {
            throw new IllegalArgumentException("--duration must be > 0");
        }
        if (warmupSec < 0) {
            throw new IllegalArgumentException("--warmup must be >= 0");
        }
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("--max-in-flight must be > 0");
        }
        if (timeoutSec <= 0) {
            throw new IllegalArgumentException("--timeout must be > 0");
        }
        model = model == null ? "fake-model" : model;
        prompt = prompt == null ? "Say hello to the load generator" : prompt;
    }

    /** Defaults: 10 s, no warm-up, no streaming, model fake-model, 2000 connections, 60 s timeout. */
    public static LoadOptions of(String url, double rate) {
        return new LoadOptions(URI.create(url), rate, 10, 0, false, null, null, null, 2000, 60, null, null);
    }

    public LoadOptions withUrl(String url) {
        return new LoadOptions(URI.create(url), rate, durationSec, warmupSec, stream, model, prompt, apiKey,
                maxInFlight, timeoutSec, body, jsonFile);
    }

    public LoadOptions withDuration(double durationSec, double warmupSec) {
        return new LoadOptions(url, rate, durationSec, warmupSec, stream, model, prompt, apiKey, maxInFlight,
                timeoutSec, body, jsonFile);
    }

    public LoadOptions withStream(boolean stream) {
        return new LoadOptions(url, rate, durationSec, warmupSec, stream, model, prompt, apiKey, maxInFlight,
                timeoutSec, body, jsonFile);
    }

    public LoadOptions withPrompt(String prompt) {
        return new LoadOptions(url, rate, durationSec, warmupSec, stream, model, prompt, apiKey, maxInFlight,
                timeoutSec, body, jsonFile);
    }

    public LoadOptions withModel(String model) {
        return new LoadOptions(url, rate, durationSec, warmupSec, stream, model, prompt, apiKey, maxInFlight,
                timeoutSec, body, jsonFile);
    }

    public LoadOptions withApiKey(String apiKey) {
        return new LoadOptions(url, rate, durationSec, warmupSec, stream, model, prompt, apiKey, maxInFlight,
                timeoutSec, body, jsonFile);
    }

    public LoadOptions withMaxInFlight(int maxInFlight) {
        return new LoadOptions(url, rate, durationSec, warmupSec, stream, model, prompt, apiKey, maxInFlight,
                timeoutSec, body, jsonFile);
    }

    public LoadOptions withTimeout(double timeoutSec) {
        return new LoadOptions(url, rate, durationSec, warmupSec, stream, model, prompt, apiKey, maxInFlight,
                timeoutSec, body, jsonFile);
    }

    public LoadOptions withBody(String body) {
        return new LoadOptions(url, rate, durationSec, warmupSec, stream, model, prompt, apiKey, maxInFlight,
                timeoutSec, body, jsonFile);
    }

    public LoadOptions withJsonFile(String jsonFile) {
        return new LoadOptions(url, rate, durationSec, warmupSec, stream, model, prompt, apiKey, maxInFlight,
                timeoutSec, body, jsonFile);
    }

    boolean ollama() {
        String path = url.getPath();
        return path != null && path.endsWith("/api/chat");
    }
}
