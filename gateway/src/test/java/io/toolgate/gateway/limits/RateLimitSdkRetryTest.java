package io.toolgate.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.NodeSdk;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.limits.TestCallers.Caller;

/**
 * Runs {@code src/test/node/rate-limits-sdk.mjs}: the official {@code openai} npm SDK gets a 429 from a key's limit,
 * then one from a model's, and retries each after the {@code retry-after-ms} the gateway sent, succeeding on its
 * third attempt; the gateway counts both refusals. Needs node and npm (a failure without them, never a skip).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitSdkRetryTest {


	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.limits.models." + TestUpstreams.SHARED_MODEL + ".requests-per-minute", () -> "2");
	}

	@LocalServerPort
	int port;

	@Test
	void officialSdkRetriesTwiceHonouringRetryAfter() throws Exception {
		HttpTestClient admin = new HttpTestClient(port);
		Caller caller = TestCallers.newUser(admin, "sdk-retry");
		assertThat(admin.put("/api/limits/keys/" + caller.keyId(), "{\"requests_per_minute\":4}").status()).isEqualTo(200);
		// Warmed up (the first request of a fresh gateway is slow), so the drains in the script take well under the
		// 15 s in which the key gets a request back.
		assertThat(admin.post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:warm")).status())
			.isEqualTo(200);
		double keyRefusals = TestCallers.refusals(admin, "key", "requests");
		double modelRefusals = TestCallers.refusals(admin, "model", "requests");
		NodeSdk.ensureInstalled();

		ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec", "rate-limits-sdk.mjs")
			.directory(NodeSdk.DIR.toFile())
			.redirectErrorStream(true);
		builder.environment().keySet().removeIf(name -> name.startsWith("OPENAI_") || name.startsWith("TOOLGATE_"));
		builder.environment().put("TOOLGATE_BASE_URL", "http://127.0.0.1:" + port + "/v1");
		builder.environment().put("TOOLGATE_API_KEY", caller.key());
		builder.environment().put("TOOLGATE_ADMIN_KEY", TestUpstreams.ADMIN_KEY);
		builder.environment().put("TOOLGATE_OTHER_MODEL", TestUpstreams.OPENAI_MODEL);
		builder.environment().put("TOOLGATE_LIMITED_MODEL", TestUpstreams.SHARED_MODEL);
		builder.environment().put("NO_COLOR", "1");
		Process process = NodeSdk.start(builder);
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		boolean finished = process.waitFor(3, TimeUnit.MINUTES);
		System.out.println(output);
		assertThat(finished).as("node finished").isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("pass 1").contains("fail 0");
		// The drains' refusals (one each) plus the SDK's two refused attempts, as the gateway counted them.
		assertThat(TestCallers.refusals(admin, "key", "requests")).isEqualTo(keyRefusals + 2);
		assertThat(TestCallers.refusals(admin, "model", "requests")).isEqualTo(modelRefusals + 2);
	}


}
