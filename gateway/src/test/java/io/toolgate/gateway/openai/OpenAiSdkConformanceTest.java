package io.toolgate.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.toolgate.gateway.ToolgateApplication;
import io.toolgate.loadtest.upstream.FakeUpstream;
import io.toolgate.loadtest.upstream.FakeUpstreamConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the official {@code openai} npm SDK against the gateway: {@code node --test} in
 * {@code src/test/node} (see the tests there), with the gateway on a random port in front of two fake
 * upstreams, one speaking Ollama's protocol and one OpenAI's. Also checks the raw bodies against the
 * official OpenAPI spec with {@link OpenAiSchemaValidator}.
 *
 * <p>Needs {@code node} (20+) and {@code npm} on the PATH; without them the test fails, it is never
 * skipped. {@code npm ci} runs when {@code node_modules} is missing or older than
 * {@code package-lock.json}.
 */
@org.springframework.context.annotation.Import(io.toolgate.gateway.TestTools.class)
@SpringBootTest(classes = ToolgateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenAiSdkConformanceTest {

    static final String OLLAMA_MODEL = "ollama-model";
    static final String OLLAMA_EMBED_MODEL = "ollama-embed";
    static final String OPENAI_MODEL = "openai-model";
    static final String OPENAI_EMBED_MODEL = "openai-embed";
    static final String API_KEY = io.toolgate.gateway.TestUpstreams.ADMIN_KEY;

    /** Maven runs module tests with the module directory as working directory. */
    static final Path NODE_DIR = Paths.get("src", "test", "node").toAbsolutePath().normalize();

    static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    static final Duration NODE_TEST_TIMEOUT = Duration.ofMinutes(3);

    static FakeUpstream ollamaFake;
    static FakeUpstream openAiFake;
    static Path dataDir;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) throws IOException {
        ollamaFake = FakeUpstream.start(new FakeUpstreamConfig(0, List.of(OLLAMA_MODEL, OLLAMA_EMBED_MODEL), null, 16, 0));
        openAiFake = FakeUpstream.start(new FakeUpstreamConfig(0, List.of(OPENAI_MODEL, OPENAI_EMBED_MODEL), null, 16, 0));
        dataDir = Files.createTempDirectory("toolgate-sdk-conformance-");
        registry.add("toolgate.upstreams[0].name", () -> "fake-ollama");
        registry.add("toolgate.upstreams[0].type", () -> "ollama");
        registry.add("toolgate.upstreams[0].base-url", ollamaFake::baseUrl);
        registry.add("toolgate.upstreams[1].name", () -> "fake-openai");
        registry.add("toolgate.upstreams[1].type", () -> "openai");
        registry.add("toolgate.upstreams[1].base-url", () -> openAiFake.baseUrl() + "/v1");
        registry.add("toolgate.data-dir", () -> dataDir.toString());
        registry.add("toolgate.admin-key", () -> API_KEY);
    }

    @AfterAll
    static void stopUpstreams() throws IOException {
        if (ollamaFake != null) {
            ollamaFake.close();
        }
        if (openAiFake != null) {
            openAiFake.close();
        }
        if (dataDir != null && Files.exists(dataDir)) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void officialOpenAiSdkConformance() throws Exception {
        assertThat(NODE_DIR.resolve("package.json")).as("node test project").isRegularFile();
        String nodeVersion = runTool(List.of("node", "--version"), Duration.ofSeconds(30)).output().strip();
        System.out.println("[node] using node " + nodeVersion);
        ensureNodeModules();

        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOOLGATE_BASE_URL", "http://127.0.0.1:" + port + "/v1");
        env.put("TOOLGATE_API_KEY", API_KEY);
        env.put("TOOLGATE_MODEL", OLLAMA_MODEL);
        env.put("TOOLGATE_OPENAI_MODEL", OPENAI_MODEL);
        env.put("TOOLGATE_EMBED_MODEL", OLLAMA_EMBED_MODEL);
        env.put("TOOLGATE_OPENAI_EMBED_MODEL", OPENAI_EMBED_MODEL);
        System.out.println("[node] node --test in " + NODE_DIR + " with " + env);

        ToolRun run = run(List.of("node", "--test", "--test-reporter=spec"), env, NODE_TEST_TIMEOUT);
        assertThat(run.exitCode())
                .as("node --test exit code (%s); output:%n%s", run.timedOut() ? "timed out" : "finished", run.output())
                .isZero();
    }

    @Test
    void rawResponsesMatchTheOpenApiSpec() throws Exception {
        OpenAiSchemaValidator schemas = OpenAiSchemaValidator.shared();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port + "/v1";

        HttpResponse<String> models = http.send(get(base + "/models"), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
        schemas.assertValid("ListModelsResponse", models.body());

        HttpResponse<String> model = http.send(get(base + "/models/" + OPENAI_MODEL), HttpResponse.BodyHandlers.ofString());
        assertThat(model.statusCode()).as(model.body()).isEqualTo(200);
        schemas.assertValid("Model", model.body());

        for (String chatModel : List.of(OLLAMA_MODEL, OPENAI_MODEL)) {
            String ask = "{\"model\":\"" + chatModel + "\",\"messages\":[{\"role\":\"user\",\"content\":\"text:Hello there\"}]";
            HttpResponse<String> completion = http.send(post(base + "/chat/completions", ask + "}"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(completion.statusCode()).as(completion.body()).isEqualTo(200);
            schemas.assertValid("CreateChatCompletionResponse", completion.body());

            String toolAsk = "{\"model\":\"" + chatModel + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                    + "\"tool:get_weather {\\\"city\\\":\\\"Paris\\\"}\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                    + "{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";
            HttpResponse<String> toolCall = http.send(post(base + "/chat/completions", toolAsk + "}"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(toolCall.statusCode()).as(toolCall.body()).isEqualTo(200);
            schemas.assertValid("CreateChatCompletionResponse", toolCall.body());

            for (String body : List.of(ask + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
                    toolAsk + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}")) {
                HttpResponse<Stream<String>> stream = http.send(post(base + "/chat/completions", body),
                        HttpResponse.BodyHandlers.ofLines());
                assertThat(stream.statusCode()).isEqualTo(200);
                List<String> events = new ArrayList<>();
                try (Stream<String> lines = stream.body()) {
                    lines.filter(line -> line.startsWith("data:")).map(line -> line.substring(5).strip())
                            .forEach(events::add);
                }
                assertThat(events).as("SSE data lines").isNotEmpty();
                assertThat(events.get(events.size() - 1)).as("last SSE data line").isEqualTo("[DONE]");
                for (String event : events.subList(0, events.size() - 1)) {
                    schemas.assertValid("CreateChatCompletionStreamResponse", event);
                }
            }
        }

        for (String embedModel : List.of(OLLAMA_EMBED_MODEL, OPENAI_EMBED_MODEL)) {
            HttpResponse<String> embeddings = http.send(post(base + "/embeddings",
                    "{\"model\":\"" + embedModel + "\",\"input\":[\"a\",\"b\"]}"), HttpResponse.BodyHandlers.ofString());
            assertThat(embeddings.statusCode()).as(embeddings.body()).isEqualTo(200);
            schemas.assertValid("CreateEmbeddingResponse", embeddings.body());
        }

        HttpResponse<String> notFound = http.send(post(base + "/chat/completions",
                "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notFound.statusCode()).as(notFound.body()).isEqualTo(404);
        schemas.assertValid("ErrorResponse", notFound.body());

        HttpResponse<String> badRequest = http.send(post(base + "/chat/completions", "{\"model\":\"" + OPENAI_MODEL + "\"}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badRequest.statusCode()).as(badRequest.body()).isEqualTo(400);
        schemas.assertValid("ErrorResponse", badRequest.body());
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + API_KEY).GET().build();
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** Runs {@code npm ci} when node_modules is missing or older than package-lock.json. */
    private static void ensureNodeModules() throws IOException, InterruptedException {
        Path lock = NODE_DIR.resolve("package-lock.json");
        assertThat(lock).as("committed package-lock.json").isRegularFile();
        Path modules = NODE_DIR.resolve("node_modules");
        // npm rewrites node_modules/.package-lock.json on every install; the directory's own time may not move.
        Path marker = modules.resolve(".package-lock.json");
        boolean upToDate = Files.isDirectory(modules) && Files.isDirectory(modules.resolve("openai"))
                && Files.isRegularFile(marker)
                && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) >= 0;
        if (upToDate) {
            return;
        }
        System.out.println("[npm] node_modules missing or older than package-lock.json: npm ci in " + NODE_DIR);
        ToolRun ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), NPM_CI_TIMEOUT);
        assertThat(ci.exitCode()).as("npm ci exit code (%s); output:%n%s",
                ci.timedOut() ? "timed out" : "finished", ci.output()).isZero();
        if (Files.isRegularFile(marker)) {
            Files.setLastModifiedTime(marker, FileTime.fromMillis(System.currentTimeMillis()));
        }
    }

    record ToolRun(int exitCode, boolean timedOut, String output) {
    }

    private static ToolRun runTool(List<String> command, Duration timeout) throws InterruptedException {
        ToolRun run = run(command, Map.of(), timeout);
        assertThat(run.exitCode()).as("%s failed: %s", command, run.output()).isZero();
        return run;
    }

    /**
     * Runs a command in {@link #NODE_DIR}, echoing its output to the Maven log as it comes. A command that
     * cannot be started (node or npm missing) fails the test.
     */
    private static ToolRun run(List<String> command, Map<String, String> extraEnv, Duration timeout)
            throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("TOOLGATE_"));
        env.put("NO_COLOR", "1");
        env.put("FORCE_COLOR", "0");
        env.put("CI", env.getOrDefault("CI", "true"));
        env.putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + command + " (is " + command.get(0)
                    + " installed and on the PATH? Node 20+ and npm are required for this test): " + e.getMessage(), e);
        }
        String tag = "[" + command.get(0) + "] ";
        StringBuffer output = new StringBuffer();
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    System.out.println(tag + line);
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "output-of-" + command.get(0));
        pump.setDaemon(true);
        pump.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(TimeUnit.SECONDS.toMillis(10));
        return new ToolRun(finished ? process.exitValue() : -1, !finished, output.toString());
    }
}
