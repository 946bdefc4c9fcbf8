package io.toolgate.gateway.knowledge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not part of the suite (its name does not end in Test): measures, with the built-in ONNX model and the default
 * simple store, (1) the model's raw embedding rate, (2) end-to-end ingestion through {@code /api/collections}
 * (extraction, splitting, embedding, saving) of a few thousand chunks added as several files at once, and (3)
 * the latency of searches over them through HTTP, one at a time. Run:
 *
 * <pre>
 * ./mvnw -o -q verify -pl gateway -am -Dtest=KnowledgeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
 *     -Dbench.chunks=3000 -Dbench.files=8 -Dbench.searches=500
 * </pre>
 *
 * Results are printed and written to {@code gateway/target/bench/knowledge.txt}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KnowledgeBenchmark {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
	}

	@LocalServerPort
	int port;

	@Value("${toolgate.data-dir}")
	Path dataDir;

	@org.springframework.beans.factory.annotation.Autowired
	KnowledgeEmbeddings embeddings;

	@org.springframework.beans.factory.annotation.Autowired
	KnowledgeProperties properties;

	@Test
	void ingestAndSearch() throws Exception {
		int chunks = Integer.getInteger("bench.chunks", 3000);
		int files = Integer.getInteger("bench.files", 8);
		int searches = Integer.getInteger("bench.searches", 500);
		List<String> report = new ArrayList<>();
		report.add("machine: " + Runtime.getRuntime().availableProcessors() + " processors, Java "
				+ System.getProperty("java.version") + ", chunk-size " + properties.chunkSize() + " tokens, workers "
				+ properties.workers() + ", embedding threads " + properties.embedding().threads() + ", batch "
				+ properties.embedding().batchSize());

		// (1) the model alone, after loading it once
		Random random = new Random(42);
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < 256; i++) {
			texts.add(paragraph(random, 190));
		}
		embeddings.model().call(new EmbeddingRequest(texts.subList(0, 8), null));
		long start = System.nanoTime();
		for (int i = 0; i < texts.size(); i += 32) {
			embeddings.model().call(new EmbeddingRequest(texts.subList(i, i + 32), null));
		}
		double rawSeconds = (System.nanoTime() - start) / 1e9;
		report.add(String.format("model alone: %d texts of ~256 tokens in %.1f s = %.1f texts/s", texts.size(),
				rawSeconds, texts.size() / rawSeconds));

		// (2) ingestion through the API: several files added at once into one collection
		KnowledgeClient admin = KnowledgeClient.admin(port, dataDir);
		String id = admin.createCollection("bench");
		List<String> fileIds = new ArrayList<>();
		int perFile = chunks / files;
		for (int f = 0; f < files; f++) {
			StringBuilder text = new StringBuilder();
			for (int c = 0; c < perFile; c++) {
				// one paragraph a bit under a chunk, so the splitter makes about one chunk of each
				text.append(paragraph(random, 190)).append(".\n\n");
			}
			fileIds.add(admin.saveFile("corpus-" + f + ".txt", text.toString().getBytes(StandardCharsets.UTF_8)));
		}
		ExecutorService pool = Executors.newFixedThreadPool(files);
		start = System.nanoTime();
		try {
			List<CompletableFuture<HttpTestClient.Response>> adds = new ArrayList<>();
			for (String fileId : fileIds) {
				adds.add(CompletableFuture.supplyAsync(() -> admin.http()
					.post("/api/collections/" + id + "/files?wait=false", "{\"file_id\":\"" + fileId + "\"}"), pool));
			}
			for (CompletableFuture<HttpTestClient.Response> add : adds) {
				assertThat(add.get().status()).as(add.get().body()).isEqualTo(202);
			}
		}
		finally {
			pool.shutdown();
		}
		admin.awaitIndexed(id, java.time.Duration.ofMinutes(30));
		double ingestSeconds = (System.nanoTime() - start) / 1e9;
		JsonNode collection = admin.http().get("/api/collections/" + id).json();
		long stored = collection.path("chunks").asLong();
		assertThat(collection.at("/file_counts/completed").asInt()).isEqualTo(files);
		long bytes = Files.size(dataDir.resolve("vectors").resolve(id + ".json"));
		report.add(String.format("ingestion: %d files, %d chunks in %.1f s = %.1f chunks/s end to end; vectors file %.1f MB",
				files, stored, ingestSeconds, stored / ingestSeconds, bytes / 1e6));

		// (3) searches over them, one at a time, through HTTP
		for (int i = 0; i < 20; i++) {
			admin.search(id, paragraph(random, 8), 5);
		}
		long[] micros = new long[searches];
		for (int i = 0; i < searches; i++) {
			String query = paragraph(random, 8);
			long t = System.nanoTime();
			JsonNode hits = admin.search(id, query, 5);
			micros[i] = (System.nanoTime() - t) / 1000;
			assertThat(hits).isNotEmpty();
		}
		Arrays.sort(micros);
		report.add(String.format("search over %d chunks, top 5, %d sequential requests: p50 %.1f ms, p90 %.1f ms, "
				+ "p99 %.1f ms, max %.1f ms", stored, searches, micros[searches / 2] / 1000.0,
				micros[searches * 9 / 10] / 1000.0, micros[Math.min(searches - 1, searches * 99 / 100)] / 1000.0,
				micros[searches - 1] / 1000.0));

		Path out = Path.of("target", "bench", "knowledge.txt");
		Files.createDirectories(out.getParent());
		Files.write(out, report);
		report.forEach(line -> System.out.println("[bench] " + line));
	}

	private static final String[] WORDS = ("station research generator power supply laboratory water plant greenhouse "
			+ "meeting archive library visitor badge schedule engineer sample analysis report budget project team "
			+ "safety procedure equipment storage key cabinet corridor level access code battery solar panel wind "
			+ "turbine heating cooling pump valve pressure temperature sensor network server backup maintenance "
			+ "inspection delivery supply chain kitchen lunch dinner morning evening weekly monthly annual review "
			+ "the a of to and in is on for with by at from that this which every each must should can will").split(" ");

	/** Pseudo-random prose of about {@code words} words. */
	private static String paragraph(Random random, int words) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < words; i++) {
			text.append(i == 0 ? "" : i % 14 == 0 ? ". " : " ").append(WORDS[random.nextInt(WORDS.length)]);
		}
		return text.toString();
	}
}
