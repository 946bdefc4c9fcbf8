package io.toolgate.gateway.openai;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /v1/chat/completions} over real HTTP against both fake upstream protocols; every body and chunk is
 * validated against the official OpenAPI schema.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatCompletionsApiTest {

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	io.toolgate.gateway.upstream.UpstreamRegistry upstreamRegistry;

	HttpTestClient client;

	final OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();

	@BeforeEach
	void setUp() {
		client = new HttpTestClient(port);
		// Tests that provoke upstream failures must not leave a circuit open for the next test.
		upstreamRegistry.breakers().getAllCircuitBreakers().forEach(b -> b.reset());
	}

	private String chat(String model, String content, String extra) {
		return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":" + client.json(content) + "}]"
				+ (extra == null ? "" : "," + extra) + "}";
	}

	@ParameterizedTest
	@ValueSource(strings = { TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL })
	void answersNonStreaming(String model) {
		var response = client.post("/v1/chat/completions", chat(model, "text:Hello from the gateway", null));

		assertThat(response.status()).isEqualTo(200);
		schema.assertValid("CreateChatCompletionResponse", response.body());
		JsonNode body = response.json();
		assertThat(body.path("id").asString()).startsWith("chatcmpl-");
		assertThat(body.path("object").asString()).isEqualTo("chat.completion");
		assertThat(body.path("model").asString()).isEqualTo(model);
		assertThat(body.path("choices")).hasSize(1);
		assertThat(body.at("/choices/0/message/role").asString()).isEqualTo("assistant");
		assertThat(body.at("/choices/0/message/content").asString()).isEqualTo("Hello from the gateway");
		assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
		JsonNode usage = body.path("usage");
		assertThat(usage.path("prompt_tokens").asInt()).isPositive();
		assertThat(usage.path("completion_tokens").asInt()).isPositive();
		assertThat(usage.path("total_tokens").asInt())
			.isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
	}

	@ParameterizedTest
	@ValueSource(strings = { TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL })
	void streamsChunksThenUsageThenDone(String model) {
		var stream = client.stream("/v1/chat/completions",
				chat(model, "text:one two three four", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

		assertThat(stream.status()).isEqualTo(200);
		assertThat(stream.contentType()).startsWith("text/event-stream");
		assertThat(stream.lines()).noneMatch(l -> l.startsWith("event:"));
		List<String> data = stream.dataLines();
		assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
		List<JsonNode> chunks = stream.chunks();
		for (String line : data.subList(0, data.size() - 1)) {
			schema.assertValid("CreateChatCompletionStreamResponse", line);
		}
		assertThat(chunks.get(0).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
		assertThat(chunks).allSatisfy(c -> assertThat(c.path("object").asString()).isEqualTo("chat.completion.chunk"));
		assertThat(chunks.stream().map(c -> c.path("id").asString()).distinct()).hasSize(1);
		StringBuilder text = new StringBuilder();
		chunks.forEach(c -> c.path("choices").forEach(ch -> text.append(ch.path("delta").path("content").asString(""))));
		assertThat(text.toString()).isEqualTo("one two three four");
		assertThat(chunks.stream().filter(c -> c.at("/choices/0/finish_reason").isString()).toList()).hasSize(1);
		JsonNode last = chunks.get(chunks.size() - 1);
		assertThat(last.path("choices")).isEmpty();
		assertThat(last.at("/usage/total_tokens").asInt()).isPositive();
	}

	@ParameterizedTest
	@ValueSource(strings = { TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL })
	void streamsWithoutUsageChunkUnlessAsked(String model) {
		var stream = client.stream("/v1/chat/completions", chat(model, "text:just text", "\"stream\":true"));

		assertThat(stream.chunks()).allSatisfy(c -> {
			assertThat(c.path("choices")).isNotEmpty();
			assertThat(c.has("usage")).isFalse();
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL })
	void returnsClientToolCalls(String model) {
		String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
				+ "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}},"
				+ "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":{\"type\":\"object\"}}}]";
		var response = client.post("/v1/chat/completions",
				chat(model, "tool:get_weather {\"city\":\"Paris\"}\ntool:get_time {\"zone\":\"UTC\"}", tools));

		assertThat(response.status()).isEqualTo(200);
		schema.assertValid("CreateChatCompletionResponse", response.body());
		JsonNode choice = response.json().at("/choices/0");
		assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
		JsonNode calls = choice.at("/message/tool_calls");
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).path("id").asString()).isNotBlank();
		assertThat(calls.get(0).path("type").asString()).isEqualTo("function");
		assertThat(calls.get(0).at("/function/name").asString()).isEqualTo("get_weather");
		assertThat(new HttpTestClient.Response(200, calls.get(0).at("/function/arguments").asString(), null).json()
			.path("city").asString()).isEqualTo("Paris");
		assertThat(calls.get(1).at("/function/name").asString()).isEqualTo("get_time");

		var streamed = client.stream("/v1/chat/completions", chat(model, "tool:get_weather {\"city\":\"Paris\"}",
				tools + ",\"stream\":true"));
		streamed.dataLines().stream().filter(l -> !l.equals("[DONE]"))
			.forEach(l -> schema.assertValid("CreateChatCompletionStreamResponse", l));
		List<JsonNode> fragments = streamed.chunks().stream()
			.flatMap(c -> c.path("choices").valueStream())
			.flatMap(ch -> ch.path("delta").path("tool_calls").valueStream())
			.toList();
		assertThat(fragments.get(0).path("index").asInt()).isZero();
		assertThat(fragments.get(0).path("id").asString()).isNotBlank();
		assertThat(fragments.get(0).at("/function/name").asString()).isEqualTo("get_weather");
		assertThat(fragments.get(0).at("/function/arguments").asString()).isEmpty();
		StringBuilder args = new StringBuilder();
		fragments.forEach(f -> args.append(f.at("/function/arguments").asString("")));
		assertThat(args.toString()).isEqualTo("{\"city\":\"Paris\"}");
		assertThat(streamed.chunks().stream().filter(c -> c.at("/choices/0/finish_reason").isString())
			.map(c -> c.at("/choices/0/finish_reason").asString())).containsExactly("tool_calls");
	}

	@ParameterizedTest
	@ValueSource(strings = { TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL })
	void sendsToolResultsBackUp(String model) {
		String body = "{\"model\":\"" + model + "\",\"messages\":["
				+ "{\"role\":\"user\",\"content\":\"weather in Paris?\"},"
				+ "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
				+ "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"18C sunny\"}]}";
		var response = client.post("/v1/chat/completions", body);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().at("/choices/0/message/content").asString()).contains("18C sunny");
	}

	@ParameterizedTest
	@ValueSource(strings = { TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL })
	void honoursMaxTokens(String model) {
		var response = client.post("/v1/chat/completions", chat(model, "tokens:10", "\"max_tokens\":3"));

		assertThat(response.json().at("/choices/0/finish_reason").asString()).isEqualTo("length");
		assertThat(response.json().at("/usage/completion_tokens").asInt()).isEqualTo(3);
	}

	@Test
	void mapsOptionsOntoOllamasNativeRequest() {
		client.post("/v1/chat/completions", chat(TestUpstreams.OLLAMA_MODEL, "hi",
				"\"temperature\":0.3,\"top_p\":0.9,\"seed\":7,\"stop\":[\"END\"],\"max_tokens\":50,"
						+ "\"response_format\":{\"type\":\"json_object\"},\"top_k\":20"));

		JsonNode sent = new HttpTestClient.Response(200, TestUpstreams.ollama().lastChatRequestBody(), null).json();
		assertThat(sent.path("model").asString()).isEqualTo(TestUpstreams.OLLAMA_MODEL);
		assertThat(sent.at("/options/temperature").asDouble()).isEqualTo(0.3);
		assertThat(sent.at("/options/top_p").asDouble()).isEqualTo(0.9);
		assertThat(sent.at("/options/seed").asInt()).isEqualTo(7);
		assertThat(sent.at("/options/stop/0").asString()).isEqualTo("END");
		assertThat(sent.at("/options/num_predict").asInt()).isEqualTo(50);
		assertThat(sent.at("/options/top_k").asInt()).isEqualTo(20);
		assertThat(sent.path("format").asString()).isEqualTo("json");
	}

	@Test
	void passesOpenAiFieldsThroughUnchanged() {
		client.post("/v1/chat/completions", chat(TestUpstreams.OPENAI_MODEL, "hi",
				"\"temperature\":0.3,\"seed\":7,\"stop\":\"END\",\"max_completion_tokens\":50,\"user\":\"u1\","
						+ "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\"}}},"
						+ "\"logit_bias\":{\"50256\":-100},\"min_p\":0.05"));

		JsonNode sent = new HttpTestClient.Response(200, TestUpstreams.openai().lastChatRequestBody(), null).json();
		assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
		assertThat(sent.path("seed").asInt()).isEqualTo(7);
		assertThat(sent.path("stop").get(0).asString()).isEqualTo("END");
		assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(50);
		assertThat(sent.has("max_tokens")).isFalse();
		assertThat(sent.path("user").asString()).isEqualTo("u1");
		assertThat(sent.at("/response_format/json_schema/name").asString()).isEqualTo("x");
		assertThat(sent.at("/logit_bias/50256").asInt()).isEqualTo(-100);
		assertThat(sent.path("min_p").asDouble()).isEqualTo(0.05);
		assertThat(sent.at("/messages/0/content").asString()).isEqualTo("hi");
	}

	@Test
	void servesSeveralChoicesWhereTheUpstreamCan() {
		var response = client.post("/v1/chat/completions", chat(TestUpstreams.OPENAI_MODEL, "text:x", "\"n\":2"));

		assertThat(response.status()).isEqualTo(200);
		schema.assertValid("CreateChatCompletionResponse", response.body());
		assertThat(response.json().path("choices")).hasSize(2);
		assertThat(response.json().at("/choices/1/index").asInt()).isEqualTo(1);
	}

	@Test
	void refusesWhatOllamaCannotDo() {
		var response = client.post("/v1/chat/completions", chat(TestUpstreams.OLLAMA_MODEL, "x", "\"n\":2"));

		assertError(response, 400, "invalid_request_error");
		assertThat(response.json().at("/error/param").asString()).isEqualTo("n");
		assertThat(response.json().at("/error/message").asString()).contains("fake-ollama");

		var unknownField = client.post("/v1/chat/completions", chat(TestUpstreams.OLLAMA_MODEL, "x", "\"frobnicate\":1"));
		assertError(unknownField, 400, "invalid_request_error");
		assertThat(unknownField.json().at("/error/param").asString()).isEqualTo("frobnicate");
	}

	@Test
	void answersUnknownModelWith404() {
		var response = client.post("/v1/chat/completions", chat("no-such-model", "x", null));

		assertError(response, 404, "invalid_request_error");
		assertThat(response.json().at("/error/code").asString()).isEqualTo("model_not_found");
		assertThat(response.json().at("/error/param").asString()).isEqualTo("model");
	}

	@Test
	void rejectsMalformedRequests() {
		assertError(client.post("/v1/chat/completions", "{not json"), 400, "invalid_request_error");
		assertError(client.post("/v1/chat/completions", ""), 400, "invalid_request_error");
		assertError(client.post("/v1/chat/completions", "[1,2]"), 400, "invalid_request_error");

		var noMessages = client.post("/v1/chat/completions", "{\"model\":\"ollama-model\"}");
		assertError(noMessages, 400, "invalid_request_error");
		assertThat(noMessages.json().at("/error/param").asString()).isEqualTo("messages");

		var badRole = client.post("/v1/chat/completions",
				"{\"model\":\"ollama-model\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}");
		assertThat(badRole.json().at("/error/param").asString()).isEqualTo("messages[0].role");

		var badTemperature = client.post("/v1/chat/completions", chat("ollama-model", "x", "\"temperature\":3"));
		assertThat(badTemperature.json().at("/error/param").asString()).isEqualTo("temperature");

		var wrongType = client.post("/v1/chat/completions", chat("ollama-model", "x", "\"max_tokens\":\"many\""));
		assertError(wrongType, 400, "invalid_request_error");
		assertThat(wrongType.json().at("/error/param").asString()).isEqualTo("max_tokens");

		var streamOptionsAlone = client.post("/v1/chat/completions",
				chat("ollama-model", "x", "\"stream_options\":{\"include_usage\":true}"));
		assertThat(streamOptionsAlone.json().at("/error/param").asString()).isEqualTo("stream_options");
	}

	@Test
	void answersUnknownPathsInOpenAiShape() {
		assertError(client.get("/v1/nothing-here"), 404, "invalid_request_error");
	}

	@ParameterizedTest
	@ValueSource(strings = { TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL })
	void mapsUpstreamErrors(String model) {
		var serverError = client.post("/v1/chat/completions", chat(model, "error:500", null));
		assertError(serverError, 502, "upstream_error");
		assertThat(serverError.json().at("/error/message").asString()).contains("fake-");

		var rateLimited = client.post("/v1/chat/completions", chat(model, "error:429", null));
		assertError(rateLimited, 429, "rate_limit_error");
		assertThat(rateLimited.headers().firstValue("Retry-After")).isPresent();

		var badRequest = client.post("/v1/chat/completions", chat(model, "error:400", null));
		assertError(badRequest, 400, "invalid_request_error");

		// An upstream's 503 (overloaded, starting) stays a 503 the client may retry after Retry-After.
		var streamedError = client.post("/v1/chat/completions", chat(model, "error:503", "\"stream\":true"));
		assertError(streamedError, 503, "upstream_error");
		assertThat(streamedError.headers().firstValue("Retry-After")).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL })
	void reportsAFailureMidStreamAsAnErrorEvent(String model) {
		var stream = client.stream("/v1/chat/completions", chat(model, "tokens:20\nfail-mid-stream", "\"stream\":true"));

		assertThat(stream.status()).isEqualTo(200);
		List<String> data = stream.dataLines();
		String last = data.get(data.size() - 1);
		assertThat(last).doesNotContain("[DONE]");
		schema.assertValid("ErrorResponse", last);
		assertThat(new HttpTestClient.Response(200, last, null).json().at("/error/type").asString())
			.isEqualTo("upstream_error");
		assertThat(data.size()).isGreaterThan(1);
	}

	@Test
	void timesOutASilentUpstream() {
		long start = System.nanoTime();
		var response = client.post("/v1/chat/completions", chat(TestUpstreams.OLLAMA_MODEL, "delay:10000", null));

		assertError(response, 504, "upstream_error");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
	}

	@ParameterizedTest
	@ValueSource(strings = { TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL })
	void cancelsTheUpstreamWhenTheClientGoesAway(String model) {
		var fake = model.equals(TestUpstreams.OLLAMA_MODEL) ? TestUpstreams.ollama() : TestUpstreams.openai();
		int before = fake.cancelledStreams();

		String first = client.openStreamAndAbandon("/v1/chat/completions",
				chat(model, "tokens:200\ntoken-delay:50", "\"stream\":true"));

		assertThat(first).startsWith("data: ");
		await().atMost(Duration.ofSeconds(5)).until(() -> fake.cancelledStreams() > before);
	}

	@Test
	void listsAndShowsModels() {
		var list = client.get("/v1/models");
		assertThat(list.status()).isEqualTo(200);
		schema.assertValid("ListModelsResponse", list.body());
		List<String> ids = list.json().path("data").valueStream().map(m -> m.path("id").asString()).toList();
		assertThat(ids).contains(TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL, TestUpstreams.SHARED_MODEL);

		var one = client.get("/v1/models/" + TestUpstreams.OPENAI_MODEL);
		assertThat(one.status()).isEqualTo(200);
		schema.assertValid("Model", one.body());
		assertThat(one.json().path("owned_by").asString()).isEqualTo("fake-openai");

		assertError(client.get("/v1/models/not-a-model"), 404, "invalid_request_error");
	}

	@ParameterizedTest
	@ValueSource(strings = { TestUpstreams.OLLAMA_EMBED, TestUpstreams.OPENAI_EMBED })
	void embeds(String model) {
		var floats = client.post("/v1/embeddings", "{\"model\":\"" + model + "\",\"input\":[\"alpha\",\"beta\"]}");
		assertThat(floats.status()).isEqualTo(200);
		schema.assertValid("CreateEmbeddingResponse", floats.body());
		JsonNode data = floats.json().path("data");
		assertThat(data).hasSize(2);
		assertThat(data.get(0).path("embedding").size()).isPositive().isEqualTo(data.get(1).path("embedding").size());

		var base64 = client.post("/v1/embeddings",
				"{\"model\":\"" + model + "\",\"input\":\"alpha\",\"encoding_format\":\"base64\"}");
		// The spec types embedding as an array only, though OpenAI answers base64 with a string: check the rest.
		assertThat(base64.status()).isEqualTo(200);
		assertThat(base64.json().at("/data/0/object").asString()).isEqualTo("embedding");
		assertThat(base64.json().at("/usage/total_tokens").isNumber()).isTrue();
		String encoded = base64.json().at("/data/0/embedding").asString();
		assertThat(java.util.Base64.getDecoder().decode(encoded)).hasSize(4 * data.get(0).path("embedding").size());

		assertError(client.post("/v1/embeddings", "{\"model\":\"" + model + "\"}"), 400, "invalid_request_error");
		assertError(client.post("/v1/embeddings", "{\"model\":\"nope\",\"input\":\"x\"}"), 404, "invalid_request_error");
	}

	private void assertError(HttpTestClient.Response response, int status, String type) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		schema.assertValid("ErrorResponse", response.body());
		JsonNode error = response.json().path("error");
		assertThat(error.path("type").asString()).isEqualTo(type);
		assertThat(error.path("message").asString()).isNotBlank();
		assertThat(Map.of("param", error.has("param"), "code", error.has("code")))
			.containsEntry("param", true)
			.containsEntry("code", true);
	}
}
