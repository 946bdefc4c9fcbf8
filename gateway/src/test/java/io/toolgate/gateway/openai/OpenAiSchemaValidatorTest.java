package io.toolgate.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that {@link OpenAiSchemaValidator} accepts real OpenAI bodies and rejects broken ones, and
 * pins down what the official spec requires.
 */
class OpenAiSchemaValidatorTest {

    private static OpenAiSchemaValidator validator;

    @BeforeAll
    static void load() {
        long start = System.nanoTime();
        validator = OpenAiSchemaValidator.shared();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("OpenAiSchemaValidator loaded " + validator.specPath() + " in " + millis + " ms");
        assertThat(millis).as("spec load time in ms").isLessThan(15_000);
    }

    // ---- bodies as the real API sends them ------------------------------------------------------

    static final String CHAT_COMPLETION = """
            {
              "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
              "object": "chat.completion",
              "created": 1741570283,
              "model": "gpt-4o-2024-08-06",
              "choices": [
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": "Hello! How can I help?",
                    "refusal": null,
                    "annotations": []
                  },
                  "logprobs": null,
                  "finish_reason": "stop"
                }
              ],
              "usage": {
                "prompt_tokens": 19,
                "completion_tokens": 10,
                "total_tokens": 29,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                  "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
              },
              "service_tier": "default",
              "system_fingerprint": "fp_fc9f1d7035"
            }
            """;

    static final String TOOL_CALL_COMPLETION = """
            {
              "id": "chatcmpl-abc123",
              "object": "chat.completion",
              "created": 1699896916,
              "model": "gpt-4o-mini",
              "choices": [
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": null,
                    "refusal": null,
                    "tool_calls": [
                      {"id": "call_abc123", "type": "function",
                       "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}
                    ]
                  },
                  "logprobs": null,
                  "finish_reason": "tool_calls"
                }
              ],
              "usage": {"prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99}
            }
            """;

    static final String STREAM_CHUNK = """
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,
             "model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","service_tier":"default",
             "choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},
                         "logprobs":null,"finish_reason":null}],
             "usage":null,"obfuscation":"abc"}
            """;

    static final String STREAM_FINISH_CHUNK = """
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,
             "model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}
            """;

    static final String STREAM_TOOL_CALL_CHUNK = """
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini",
             "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function",
                 "function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}
            """;

    static final String USAGE_ONLY_CHUNK = """
            {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,
             "model":"gpt-4o-mini","choices":[],
             "usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}}
            """;

    static final String MODELS = """
            {"object":"list","data":[
              {"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"},
              {"id":"llama3.2:3b","object":"model","created":1700000000,"owned_by":"ollama"}]}
            """;

    static final String MODEL = """
            {"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"}
            """;

    static final String EMBEDDINGS = """
            {"object":"list","model":"text-embedding-3-small",
             "data":[{"object":"embedding","index":0,"embedding":[0.0023064255,-0.009327292,0.015797347]},
                     {"object":"embedding","index":1,"embedding":[0.1,-0.2,0.3]}],
             "usage":{"prompt_tokens":8,"total_tokens":8}}
            """;

    static final String ERROR = """
            {"error":{"message":"The model `nope` does not exist or you do not have access to it.",
                      "type":"invalid_request_error","param":null,"code":"model_not_found"}}
            """;

    // ---- valid bodies pass ----------------------------------------------------------------------

    @Test
    void realChatCompletionPasses() {
        validator.assertValid("CreateChatCompletionResponse", CHAT_COMPLETION);
        validator.assertValid("CreateChatCompletionResponse", TOOL_CALL_COMPLETION);
    }

    @Test
    void realStreamChunksPass() {
        validator.assertValid("CreateChatCompletionStreamResponse", STREAM_CHUNK);
        validator.assertValid("CreateChatCompletionStreamResponse", STREAM_FINISH_CHUNK);
        validator.assertValid("CreateChatCompletionStreamResponse", STREAM_TOOL_CALL_CHUNK);
    }

    @Test
    void usageOnlyChunkWithEmptyChoicesPasses() {
        validator.assertValid("CreateChatCompletionStreamResponse", USAGE_ONLY_CHUNK);
    }

    @Test
    void modelsEmbeddingsAndErrorPass() {
        validator.assertValid("ListModelsResponse", MODELS);
        validator.assertValid("Model", MODEL);
        validator.assertValid("CreateEmbeddingResponse", EMBEDDINGS);
        validator.assertValid("ErrorResponse", ERROR);
    }

    // ---- broken bodies fail ---------------------------------------------------------------------

    @Test
    void missingIdFails() {
        assertInvalid("CreateChatCompletionResponse",
                CHAT_COMPLETION.replace("\"id\": \"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",", ""), "id");
    }

    @Test
    void wrongObjectFails() {
        assertInvalid("CreateChatCompletionResponse",
                CHAT_COMPLETION.replace("\"chat.completion\"", "\"wrong\""), "object");
        assertInvalid("CreateChatCompletionStreamResponse",
                STREAM_CHUNK.replace("\"chat.completion.chunk\"", "\"chat.completion\""), "object");
        assertInvalid("ListModelsResponse", MODELS.replace("\"object\":\"model\"", "\"object\":\"wrong\""),
                "object");
    }

    @Test
    void upperCaseFinishReasonFails() {
        assertInvalid("CreateChatCompletionResponse",
                CHAT_COMPLETION.replace("\"finish_reason\": \"stop\"", "\"finish_reason\": \"STOP\""),
                "finish_reason");
        assertInvalid("CreateChatCompletionStreamResponse",
                STREAM_FINISH_CHUNK.replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"STOP\""),
                "finish_reason");
    }

    @Test
    void choiceWithoutIndexFails() {
        assertInvalid("CreateChatCompletionResponse", CHAT_COMPLETION.replace("\"index\": 0,", ""), "index");
        assertInvalid("CreateChatCompletionStreamResponse", STREAM_CHUNK.replace("\"index\":0,", ""), "index");
    }

    @Test
    void errorWithoutMessageFails() {
        assertInvalid("ErrorResponse",
                ERROR.replace("\"message\":\"The model `nope` does not exist or you do not have access to it.\",", ""),
                "message");
        assertInvalid("ErrorResponse", "{\"message\":\"flat error\"}", "error");
    }

    @Test
    void otherBrokenBodiesFail() {
        assertInvalid("CreateChatCompletionResponse", "{\"id\": 1}", "id");
        assertInvalid("CreateEmbeddingResponse",
                EMBEDDINGS.replace("[0.1,-0.2,0.3]", "\"AAAA\""), "embedding");
        assertInvalid("ListModelsResponse", "{\"object\":\"list\"}", "data");
        assertThat(validator.validate("Model", "{not json")).singleElement().asString().contains("not valid JSON");
    }

    // ---- what the spec requires (facts the gateway must honour) --------------------------------

    @Test
    void specRequiresRefusalAndLogprobsInNonStreamingResponses() {
        // ChatCompletionResponseMessage requires role, content and refusal (content/refusal may be null)
        assertInvalid("CreateChatCompletionResponse",
                CHAT_COMPLETION.replace("\"refusal\": null,", ""), "refusal");
        // each choice requires finish_reason, index, message and logprobs (logprobs may be null)
        assertInvalid("CreateChatCompletionResponse",
                CHAT_COMPLETION.replace("\"logprobs\": null,", ""), "logprobs");
        validator.assertValid("CreateChatCompletionResponse",
                CHAT_COMPLETION.replace("\"Hello! How can I help?\"", "null"));
    }

    @Test
    void specRequiresFinishReasonKeyInChunksButAllowsNull() {
        // stream choices require delta, finish_reason, index; finish_reason is "nullable: true" (OAS 3.0 style)
        assertInvalid("CreateChatCompletionStreamResponse",
                STREAM_CHUNK.replace(",\"finish_reason\":null", ""), "finish_reason");
        // logprobs is optional in chunks
        validator.assertValid("CreateChatCompletionStreamResponse",
                STREAM_CHUNK.replace("\"logprobs\":null,", ""));
    }

    @Test
    void specRequiresErrorParamAndCode() {
        // Error requires type, message, param and code (param/code may be null)
        assertInvalid("ErrorResponse", ERROR.replace("\"param\":null,", ""), "param");
        validator.assertValid("ErrorResponse", ERROR.replace("\"model_not_found\"", "null"));
    }

    @Test
    void specRequiresUsageInEmbeddingsAndCreatedOwnedByInModels() {
        assertInvalid("CreateEmbeddingResponse",
                EMBEDDINGS.replace(",\n \"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}", ""), "usage");
        assertInvalid("Model", MODEL.replace(",\"owned_by\":\"system\"", ""), "owned_by");
        assertInvalid("Model", MODEL.replace(",\"created\":1721172741", ""), "created");
    }

    // ---- loading ------------------------------------------------------------------------------

    @Test
    void unknownComponentIsRejected() {
        assertThatThrownBy(() -> validator.validate("NoSuchSchema", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NoSuchSchema");
    }

    @Test
    void assertValidReportsErrorsAndJson() {
        assertThatThrownBy(() -> validator.assertValid("ErrorResponse", "{\"oops\":true}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ErrorResponse")
                .hasMessageContaining("error")
                .hasMessageContaining("{\"oops\":true}");
    }

    @Test
    void missingSpecFailsLoudly(@TempDir Path dir) {
        String previous = System.getProperty(OpenAiSchemaValidator.SPEC_PROPERTY);
        System.setProperty(OpenAiSchemaValidator.SPEC_PROPERTY, dir.resolve("missing.yaml").toString());
        try {
            assertThatThrownBy(OpenAiSchemaValidator::locateSpec)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(OpenAiSchemaValidator.SPEC_PROPERTY);
        } finally {
            if (previous == null) {
                System.clearProperty(OpenAiSchemaValidator.SPEC_PROPERTY);
            } else {
                System.setProperty(OpenAiSchemaValidator.SPEC_PROPERTY, previous);
            }
        }
        assertThatThrownBy(() -> OpenAiSchemaValidator.load(dir.resolve("missing.yaml")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not found");
    }

    private static void assertInvalid(String schema, String json, String expectedInSomeError) {
        List<String> errors = validator.validate(schema, json);
        assertThat(errors).as("errors for %s:%n%s", schema, json).isNotEmpty();
        assertThat(errors).as("errors for %s", schema).anySatisfy(e -> assertThat(e).contains(expectedInSomeError));
    }
}
