package io.toolgate.gateway.upstream.llamacpp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.openai.OpenAiSchemaValidator;
import io.toolgate.gateway.upstream.RoutedUpstream;
import io.toolgate.gateway.upstream.UpstreamRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway with three in-process llama.cpp upstreams on the real tiny GGUF model, over real HTTP:
 * {@code local} serves {@code tiny} (two concurrent generations, one waiting), {@code lazy} serves
 * {@code tiny-idle} (unloaded after 1 s idle), and {@code plain} has a missing file and a model without a chat
 * template. Also runs {@code src/test/node/llamacpp-sdk.mjs} with the official openai SDK.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LlamaCppGatewayTest {

	static final String BUSY = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"go on\"}],"
			+ "\"stream\":true}";

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) {
		String model = TestModels.tiny().toString();
		registry.add("toolgate.upstreams[0].name", () -> "local");
		registry.add("toolgate.upstreams[0].type", () -> "llamacpp");
		registry.add("toolgate.upstreams[0].models.tiny", () -> model);
		registry.add("toolgate.upstreams[0].llamacpp.chat-template", () -> "llama2");
		registry.add("toolgate.upstreams[0].llamacpp.context-size", () -> "4096");
		registry.add("toolgate.upstreams[0].llamacpp.threads", () -> "1");
		registry.add("toolgate.upstreams[0].llamacpp.max-concurrent", () -> "2");
		registry.add("toolgate.upstreams[0].llamacpp.max-queue", () -> "1");
		registry.add("toolgate.upstreams[0].llamacpp.retry-after", () -> "3s");
		registry.add("toolgate.upstreams[1].name", () -> "lazy");
		registry.add("toolgate.upstreams[1].type", () -> "llamacpp");
		registry.add("toolgate.upstreams[1].models.tiny-idle", () -> model);
		registry.add("toolgate.upstreams[1].llamacpp.chat-template", () -> "chatml");
		registry.add("toolgate.upstreams[1].llamacpp.context-size", () -> "256");
		registry.add("toolgate.upstreams[1].llamacpp.threads", () -> "1");
		registry.add("toolgate.upstreams[1].llamacpp.idle-unload", () -> "1s");
		registry.add("toolgate.upstreams[2].name", () -> "plain");
		registry.add("toolgate.upstreams[2].type", () -> "llamacpp");
		registry.add("toolgate.upstreams[2].models.missing", () -> "/no/such/dir/model.gguf");
		registry.add("toolgate.upstreams[2].models.no-template", () -> model);
		// One attempt: a 429 is then answered as is instead of being retried after a backoff.
		registry.add("toolgate.routing.max-attempts", () -> "1");
		io.toolgate.gateway.TestUpstreams.registerGateway(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	UpstreamRegistry registry;

	HttpTestClient client;

	final OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();

	@BeforeEach
	void setUp() {
		client = new HttpTestClient(port);
	}

	LlamaCppUpstream upstream(String name) {
		return registry.all()
			.stream()
			.filter(r -> r.name().equals(name))
			.map(RoutedUpstream::upstream)
			.map(LlamaCppUpstream.class::cast)
			.findFirst()
			.orElseThrow();
	}

	static String chat(String model, String extra) {
		return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]"
				+ (extra == null ? "" : "," + extra) + "}";
	}

	@Test
	void listsEveryConfiguredModelKeyButNoFilePaths() {
		var models = client.get("/v1/models");
		assertThat(models.status()).isEqualTo(200);
		schema.assertValid("ListModelsResponse", models.body());
		List<String> ids = new ArrayList<>();
		models.json().path("data").forEach(m -> ids.add(m.path("id").asString()));
		assertThat(ids).contains("tiny", "tiny-idle", "missing", "no-template").noneMatch(id -> id.contains(".gguf"));
	}

	@Test
	void answersWithHonestUsageAndExactMaxTokens() {
		var response = client.post("/v1/chat/completions", chat("tiny", "\"max_tokens\":64,\"seed\":11"));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		schema.assertValid("CreateChatCompletionResponse", response.body());
		JsonNode body = response.json();
		assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("length");
		assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(64);
		// "[INST] Hello there [/INST]" in the llama2 template: BOS + the tokens of the templated text.
		assertThat(body.at("/usage/prompt_tokens").asInt()).isBetween(5, 20);
		assertThat(body.at("/usage/total_tokens").asInt())
			.isEqualTo(body.at("/usage/prompt_tokens").asInt() + 64);
		assertThat(body.at("/choices/0/message/content").asString()).isNotEmpty();
	}

	@Test
	void streamsTokenByTokenInOpenAiChunks() {
		var stream = client.stream("/v1/chat/completions",
				chat("tiny", "\"max_tokens\":30,\"seed\":2,\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

		assertThat(stream.status()).isEqualTo(200);
		List<String> data = stream.dataLines();
		assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
		data.subList(0, data.size() - 1).forEach(line -> schema.assertValid("CreateChatCompletionStreamResponse", line));
		List<JsonNode> chunks = stream.chunks();
		assertThat(chunks.get(0).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
		long contentChunks = chunks.stream().filter(c -> !c.at("/choices/0/delta/content").asString("").isEmpty()).count();
		assertThat(contentChunks).as("one chunk per token (a few tokens may carry no text)").isBetween(20L, 30L);
		assertThat(chunks.stream().filter(c -> c.at("/choices/0/finish_reason").isString()).toList()).hasSize(1);
		JsonNode last = chunks.get(chunks.size() - 1);
		assertThat(last.path("choices")).isEmpty();
		assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(30);
	}

	@Test
	void stopSequenceCutsTheAnswer() {
		var free = client.post("/v1/chat/completions", chat("tiny", "\"max_tokens\":40,\"seed\":9")).json();
		String text = free.at("/choices/0/message/content").asString();
		String stop = text.substring(10, 14);

		var stopped = client.post("/v1/chat/completions",
				chat("tiny", "\"max_tokens\":40,\"seed\":9,\"stop\":" + client.json(stop))).json();

		String cut = stopped.at("/choices/0/message/content").asString();
		assertThat(cut).isEqualTo(text.substring(0, text.indexOf(stop)));
		assertThat(stopped.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
		assertThat(stopped.at("/usage/completion_tokens").asInt()).isLessThan(40);
	}

	@Test
	void missingFileAndMissingTemplateAreClear503sWithoutServerPaths() {
		var missing = client.post("/v1/chat/completions", chat("missing", null));
		assertThat(missing.status()).isEqualTo(503);
		schema.assertValid("ErrorResponse", missing.body());
		assertThat(missing.json().at("/error/code").asString()).isEqualTo("model_unavailable");
		// Clients learn the model id and the reason; the server path of the GGUF file stays in the log.
		assertThat(missing.json().at("/error/message").asString()).contains("'missing'")
			.contains("its GGUF file does not exist")
			.doesNotContain("/no/such/dir")
			.doesNotContain("model.gguf");

		var noTemplate = client.post("/v1/chat/completions", chat("no-template", null));
		assertThat(noTemplate.status()).isEqualTo(503);
		assertThat(noTemplate.json().at("/error/message").asString()).contains("no chat template")
			.contains("llamacpp.chat-template")
			.doesNotContain(TestModels.tiny().toString())
			.doesNotContain(".gguf");
	}

	@Test
	void promptLongerThanTheContextIs400() {
		String longText = "lorem ipsum ".repeat(300);
		var response = client.post("/v1/chat/completions",
				"{\"model\":\"tiny-idle\",\"messages\":[{\"role\":\"user\",\"content\":\"" + longText + "\"}]}");

		assertThat(response.status()).isEqualTo(400);
		schema.assertValid("ErrorResponse", response.body());
		assertThat(response.json().at("/error/code").asString()).isEqualTo("context_length_exceeded");
		assertThat(response.json().at("/error/param").asString()).isEqualTo("messages");
		assertThat(response.json().at("/error/message").asString()).contains("context of 256 tokens");
	}

	@Test
	void fullQueueAnswers429WithRetryAfterAndFreedSlotsServeAgain() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		List<BufferedReader> running = new ArrayList<>();
		List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
		try {
			for (int i = 0; i < 2; i++) {
				HttpResponse<java.io.InputStream> stream = http.send(post(BUSY), HttpResponse.BodyHandlers.ofInputStream());
				BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
				assertThat(reader.readLine()).startsWith("data: ");
				running.add(reader);
			}
			waiting.add(http.sendAsync(post(chat("tiny", "\"max_tokens\":5")), HttpResponse.BodyHandlers.ofString()));
			await().atMost(Duration.ofSeconds(5)).until(() -> upstream("local").generating() == 2);
			Thread.sleep(200); // let the third request reach the queue

			var refused = client.post("/v1/chat/completions", chat("tiny", "\"max_tokens\":5"));

			assertThat(refused.status()).as(refused.body()).isEqualTo(429);
			schema.assertValid("ErrorResponse", refused.body());
			assertThat(refused.headers().firstValue("Retry-After")).contains("3");
			assertThat(refused.json().at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
			assertThat(refused.json().at("/error/message").asString()).contains("busy");
		}
		finally {
			for (BufferedReader reader : running) {
				reader.close();
			}
		}
		HttpResponse<String> queued = waiting.get(0).get(30, TimeUnit.SECONDS);
		assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).until(() -> upstream("local").generating() == 0);
	}

	@Test
	void clientDisconnectStopsTheGeneration() {
		LlamaCppUpstream local = upstream("local");
		await().atMost(Duration.ofSeconds(20)).until(() -> local.generating() == 0);
		long before = local.generatedTokens();

		String first = client.openStreamAndAbandon("/v1/chat/completions", BUSY);

		assertThat(first).startsWith("data: ");
		await().atMost(Duration.ofSeconds(3)).until(() -> local.generating() == 0);
		long spent = local.generatedTokens() - before;
		// Without the cancel the generation would have run to the end of the 4096-token context.
		assertThat(spent).isLessThan(3000);
	}

	@Test
	void idleModelIsUnloadedAndLoadedAgainOnDemand() {
		LlamaCppUpstream lazy = upstream("lazy");
		assertThat(client.post("/v1/chat/completions", chat("tiny-idle", "\"max_tokens\":3")).status()).isEqualTo(200);
		long loads = lazy.loads("tiny-idle");
		assertThat(loads).isPositive();

		await().atMost(Duration.ofSeconds(10)).until(() -> !lazy.isLoaded("tiny-idle"));

		var again = client.post("/v1/chat/completions", chat("tiny-idle", "\"max_tokens\":3"));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().at("/usage/completion_tokens").asInt()).isEqualTo(3);
		assertThat(lazy.loads("tiny-idle")).isEqualTo(loads + 1);
	}

	@Test
	void officialOpenAiSdk() throws Exception {
		Path nodeDir = Paths.get("src", "test", "node").toAbsolutePath().normalize();
		ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec", "llamacpp-sdk.mjs")
			.directory(nodeDir.toFile())
			.redirectErrorStream(true);
		builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("TOOLGATE_"));
		builder.environment().put("TOOLGATE_BASE_URL", "http://127.0.0.1:" + port + "/v1");
		builder.environment().put("TOOLGATE_LLAMACPP_MODEL", "tiny");
		builder.environment().put("TOOLGATE_API_KEY", io.toolgate.gateway.TestUpstreams.ADMIN_KEY);
		// support.mjs insists on these; the llamacpp file does not use them.
		builder.environment().put("TOOLGATE_MODEL", "tiny");
		builder.environment().put("TOOLGATE_OPENAI_MODEL", "tiny");
		builder.environment().put("TOOLGATE_EMBED_MODEL", "none");
		if (!java.nio.file.Files.isDirectory(nodeDir.resolve("node_modules/openai"))) {
			Process ci = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(nodeDir.toFile())
				.redirectErrorStream(true)
				.start();
			String ciOutput = new String(ci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(ci.waitFor(5, TimeUnit.MINUTES) && ci.exitValue() == 0).as("npm ci: %s", ciOutput).isTrue();
		}
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		boolean finished = process.waitFor(90, TimeUnit.SECONDS);
		System.out.println(output);
		assertThat(finished).as("node finished").isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("pass 5").contains("fail 0");
	}

	private HttpRequest post(String body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + io.toolgate.gateway.TestUpstreams.ADMIN_KEY)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}
}
