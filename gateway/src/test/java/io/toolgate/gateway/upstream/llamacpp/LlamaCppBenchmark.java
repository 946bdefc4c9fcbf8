package io.toolgate.gateway.upstream.llamacpp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.toolgate.gateway.ToolgateApplication;

/**
 * Tokens per second of the same generations made directly with java-llama.cpp and through the gateway
 * (streaming over HTTP), interleaved in one JVM so both see the same machine noise; prints medians and their
 * ratio. Not a test: run it with the command in {@code docs/BENCHMARKS-llamacpp.md}.
 *
 * <p>Arguments (all optional): GGUF file, rounds (default 15), tokens per generation (default 256).
 */
public final class LlamaCppBenchmark {

	private LlamaCppBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path model = args.length > 0 ? Path.of(args[0]) : TestModels.tiny();
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
		int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 256;
		String messages = "[{\"role\":\"user\",\"content\":\"Tell me a long story about a gateway.\"}]";

		LlamaModel direct = new LlamaModel(new ModelParameters().setModel(model.toString())
			.setCtxSize(2048)
			.setParallel(1)
			.setThreads(1)
			.setThreadsBatch(1)
			.setChatTemplate("llama2")
			.disableContextShift()
			.disablePerf()
			.disableLog());
		String prompt = direct.applyTemplate("{\"messages\":" + messages + "}");

		ConfigurableApplicationContext gateway = SpringApplication.run(ToolgateApplication.class, "--server.port=0",
				"--server.address=127.0.0.1", "--logging.level.root=WARN",
				"--toolgate.data-dir=" + System.getProperty("java.io.tmpdir") + "/toolgate-bench",
				"--toolgate.upstreams[0].name=local", "--toolgate.upstreams[0].type=llamacpp",
				"--toolgate.upstreams[0].models.tiny=" + model, "--toolgate.upstreams[0].llamacpp.chat-template=llama2",
				"--toolgate.upstreams[0].llamacpp.context-size=2048", "--toolgate.upstreams[0].llamacpp.threads=1");
		String url = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port")
				+ "/v1/chat/completions";
		HttpClient http = HttpClient.newHttpClient();
		JsonMapper json = JsonMapper.builder().build();

		List<Double> directRates = new ArrayList<>();
		List<Double> gatewayRates = new ArrayList<>();
		for (int round = -2; round < rounds; round++) { // two warm-up rounds
			int seed = 1000 + Math.max(round, 0);
			long start = System.nanoTime();
			int generated = 0;
			for (LlamaOutput ignored : direct.generate(new InferenceParameters(prompt).setNPredict(tokens)
				.setSeed(seed)
				.setTemperature(0.8f)
				.setTopK(40)
				.setTopP(0.95f)
				.setMinP(0.05f)
				.setRepeatPenalty(1.1f))) {
				generated++;
			}
			double directRate = (generated - 1) / seconds(start); // the last output is the end marker

			String body = json.writeValueAsString(Map.of("model", "tiny", "messages", json.readTree(messages),
					"max_tokens", tokens, "seed", seed, "stream", true, "stream_options", Map.of("include_usage", true)));
			start = System.nanoTime();
			HttpResponse<java.util.stream.Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofLines());
			int completion = response.body()
				.filter(line -> line.startsWith("data: {"))
				.map(line -> json.readTree(line.substring(6)))
				.filter(chunk -> chunk.has("usage") && !chunk.get("usage").isNull())
				.map(chunk -> chunk.get("usage").get("completion_tokens").asInt())
				.reduce(0, (a, b) -> b);
			double gatewayRate = completion / seconds(start);
			if (round >= 0) {
				directRates.add(directRate);
				gatewayRates.add(gatewayRate);
			}
		}
		double directMedian = median(directRates);
		double gatewayMedian = median(gatewayRates);
		System.out.printf("model %s, %d tokens per generation, %d rounds, 1 generation thread%n", model.getFileName(),
				tokens, rounds);
		System.out.printf("direct  (java-llama.cpp in-process): median %.0f tokens/s (min %.0f, max %.0f)%n",
				directMedian, Collections.min(directRates), Collections.max(directRates));
		System.out.printf("gateway (HTTP streaming, same JVM):  median %.0f tokens/s (min %.0f, max %.0f)%n",
				gatewayMedian, Collections.min(gatewayRates), Collections.max(gatewayRates));
		System.out.printf("ratio gateway/direct: %.2f%n", gatewayMedian / directMedian);
		gateway.close();
		// llama.cpp's worker threads are not daemons and its close may block: leave without waiting for them.
		System.exit(0);
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}
}
