package io.toolgate.gateway;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.toolgate.loadtest.upstream.FakeUpstream;
import io.toolgate.loadtest.upstream.FakeUpstreamConfig;

/**
 * The fake upstreams most gateway tests share (one JVM-wide pair, so Spring can reuse one application
 * context): an Ollama-protocol fake and an OpenAI-protocol fake, each with models of its own and one model
 * both serve.
 */
public final class TestUpstreams {

	public static final String OLLAMA_MODEL = "ollama-model";

	public static final String OPENAI_MODEL = "openai-model";

	public static final String SHARED_MODEL = "shared-model";

	public static final String OLLAMA_EMBED = "ollama-embed";

	public static final String OPENAI_EMBED = "openai-embed";

	public static final String OPENAI_KEY = "sk-upstream-test-key";

	/** The first admin's API key in every test gateway ({@code TOOLGATE_ADMIN_KEY}). */
	public static final String ADMIN_KEY = "tg-test-admin-key-0123456789abcdef";

	private static FakeUpstream ollama;

	private static FakeUpstream openai;

	private TestUpstreams() {
	}

	public static synchronized FakeUpstream ollama() {
		if (ollama == null) {
			ollama = FakeUpstream.start(FakeUpstreamConfig.defaults().withModels(OLLAMA_MODEL, SHARED_MODEL, OLLAMA_EMBED));
		}
		return ollama;
	}

	public static synchronized FakeUpstream openai() {
		if (openai == null) {
			openai = FakeUpstream.start(FakeUpstreamConfig.defaults()
				.withModels(OPENAI_MODEL, SHARED_MODEL, OPENAI_EMBED)
				.withApiKey(OPENAI_KEY));
		}
		return openai;
	}

	/** Registers both fakes as {@code toolgate.upstreams} plus test-friendly timeouts. */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("toolgate.upstreams[0].name", () -> "fake-ollama");
		registry.add("toolgate.upstreams[0].type", () -> "ollama");
		registry.add("toolgate.upstreams[0].base-url", () -> ollama().baseUrl());
		registry.add("toolgate.upstreams[1].name", () -> "fake-openai");
		registry.add("toolgate.upstreams[1].type", () -> "openai");
		registry.add("toolgate.upstreams[1].base-url", () -> openai().baseUrl() + "/v1");
		registry.add("toolgate.upstreams[1].api-key", () -> OPENAI_KEY);
		registry.add("toolgate.routing.max-attempts", () -> "2");
		registry.add("toolgate.routing.backoff", () -> "50ms");
		registry.add("toolgate.routing.response-timeout", () -> "2s");
		registry.add("toolgate.routing.idle-timeout", () -> "2s");
		registerGateway(registry);
	}

	/** What every test gateway needs besides upstreams: a fresh data directory and a known admin key. */
	public static void registerGateway(DynamicPropertyRegistry registry) {
		String dataDir = tempDataDir();
		registry.add("toolgate.data-dir", () -> dataDir);
		// Never ./plugins: that would be a directory in the source tree.
		registry.add("toolgate.plugins-dir", () -> Path.of(dataDir, "plugins").toString());
		registry.add("toolgate.admin-key", () -> ADMIN_KEY);
		// Test gateways each have their own data directory: their sandbox containers must not outlive them.
		registry.add("toolgate.sandbox.remove-on-shutdown", () -> "true");
	}

	private static String tempDataDir() {
		try {
			return Files.createTempDirectory("toolgate-test").toString();
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException(e);
		}
	}

	public static Path repoRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("cannot find the repository root (mvnw) above " + Path.of("").toAbsolutePath());
		}
		return dir;
	}
}
