package io.toolgate.loadtest.upstream;

import java.util.List;

/**
 * Configuration of a {@link FakeUpstream}.
 *
 * @param port                 TCP port to bind on 127.0.0.1; {@code 0} picks a random free port
 * @param models               model names served by both protocols (Ollama and OpenAI); unknown names get a 404
 * @param apiKey               when non-null, {@code /v1/**} requires {@code Authorization: Bearer <apiKey>}
 * @param embeddingDimensions  length of the embedding vectors returned (default 16)
 * @param defaultTokenDelayMs  delay between streamed tokens when no {@code token-delay:} directive is given
 */
public record FakeUpstreamConfig(int port, List<String> models, String apiKey, int embeddingDimensions,
                                 long defaultTokenDelayMs) {

    public static final List<String> DEFAULT_MODELS = List.of("fake-model", "fake-embed");

    public FakeUpstreamConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        models = models == null || models.isEmpty() ? DEFAULT_MODELS : List.copyOf(models);
        if (embeddingDimensions <= 0) {
            embeddingDimensions = 16;
        }
        if (defaultTokenDelayMs < 0) {
            throw new IllegalArgumentException("defaultTokenDelayMs must be >= 0");
        }
        if (apiKey != null && apiKey.isEmpty()) {
            apiKey = null;
        }
    }

    /** Random port, models {@code [fake-model, fake-embed]}, no API key, 16 dimensions, no token delay. */
    public static FakeUpstreamConfig defaults() {
        return new FakeUpstreamConfig(0, DEFAULT_MODELS, null, 16, 0);
    }

    public static Builder builder() {
        return new Builder();
    }

    public FakeUpstreamConfig withPort(int port) {
        return new FakeUpstreamConfig(port, models, apiKey, embeddingDimensions, defaultTokenDelayMs);
    }

    public FakeUpstreamConfig withModels(List<String> models) {
        return new FakeUpstreamConfig(port, models, apiKey, embeddingDimensions, defaultTokenDelayMs);
    }

    public FakeUpstreamConfig withModels(String... models) {
        return withModels(List.of(models));
    }

    public FakeUpstreamConfig withApiKey(String apiKey) {
        return new FakeUpstreamConfig(port, models, apiKey, embeddingDimensions, defaultTokenDelayMs);
    }

    public FakeUpstreamConfig withEmbeddingDimensions(int embeddingDimensions) {
        return new FakeUpstreamConfig(port, models, apiKey, embeddingDimensions, defaultTokenDelayMs);
    }

    public FakeUpstreamConfig withDefaultTokenDelayMs(long defaultTokenDelayMs) {
        return new FakeUpstreamConfig(port, models, apiKey, embeddingDimensions, defaultTokenDelayMs);
    }

    public Builder toBuilder() {
        return new Builder().port(port).models(models).apiKey(apiKey)
                .embeddingDimensions(embeddingDimensions).defaultTokenDelayMs(defaultTokenDelayMs);
    }

    public static final class Builder {
        private int port;
        private List<String> models = DEFAULT_MODELS;
        private String apiKey;
        private int embeddingDimensions = 16;
        private long defaultTokenDelayMs;

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder models(List<String> models) {
            this.models = models;
            return this;
        }

        public Builder models(String... models) {
            this.models = List.of(models);
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder embeddingDimensions(int embeddingDimensions) {
            this.embeddingDimensions = embeddingDimensions;
            return this;
        }

        public Builder defaultTokenDelayMs(long defaultTokenDelayMs) {
            this.defaultTokenDelayMs = defaultTokenDelayMs;
            return this;
        }

        public FakeUpstreamConfig build() {
            return new FakeUpstreamConfig(port, models, apiKey, embeddingDimensions, defaultTokenDelayMs);
        }
    }
}
