package io.toolgate.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.limits.TestCallers.Caller;
import io.toolgate.gateway.openai.OpenAiSchemaValidator;

/**
 * Operator limits over real HTTP on SQLite (in-memory buckets): requests and tokens per minute and token budgets
 * on keys, users and models, OpenAI's headers and errors, and the admin API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LimitsTest {

	static final String LIMITED_MODEL = TestUpstreams.SHARED_MODEL;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.limits.models." + LIMITED_MODEL + ".requests-per-minute", () -> "2");
	}

	@LocalServerPort
	int port;

	HttpTestClient admin;

	final OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();

	@BeforeEach
	void clients() {
		admin = new HttpTestClient(port);
	}

	private HttpTestClient as(Caller caller) {
		return admin.as(caller.key());
	}

	private void limit(String scope, String subject, String body) {
		var set = admin.put("/api/limits/" + scope + "/" + subject, body);
		assertThat(set.status()).as(set.body()).isEqualTo(200);
	}

	@Test
	void keyRequestsPerMinuteRefuseTheRequestOverTheLimitWithOpenAiHeadersAndError() {
		Caller caller = TestCallers.newUser(admin, "rpm");
		limit("keys", caller.keyId(), "{\"requests_per_minute\":3}");
		double refusedBefore = TestCallers.refusals(admin, "key", "requests");
		for (int i = 0; i < 3; i++) {
			var ok = as(caller).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:hi"));
			assertThat(ok.status()).as(ok.body()).isEqualTo(200);
			assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
			assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests")).hasValue(Integer.toString(2 - i));
			assertThat(ok.headers().firstValue("x-ratelimit-reset-requests").orElseThrow()).matches("\\d+(\\.\\d+)?m?s|\\d+m\\d+(\\.\\d+)?s");
		}
		var refused = as(caller).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:hi"));
		assertThat(refused.status()).as(refused.body()).isEqualTo(429);
		schema.assertValid("ErrorResponse", refused.body());
		assertThat(refused.json().at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(refused.json().at("/error/type").asString()).isEqualTo("requests");
		assertThat(refused.json().at("/error/message").asString()).contains("requests per minute").contains(caller.keyId());
		long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
		long retryAfterMs = Long.parseLong(refused.headers().firstValue("retry-after-ms").orElseThrow());
		// One request comes back every 20 s with 3 per minute.
		assertThat(retryAfterMs).isBetween(15_000L, 20_000L);
		assertThat(retryAfter).isEqualTo((retryAfterMs + 999) / 1000);
		assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
		assertThat(TestCallers.refusals(admin, "key", "requests")).isEqualTo(refusedBefore + 1);
	}

	@Test
	void userLimitCountsTheRequestsOfAllTheUsersKeysTogether() {
		Caller first = TestCallers.newUser(admin, "user-limit");
		Caller second = TestCallers.newKey(admin, first.userId());
		limit("users", first.userId(), "{\"requests_per_minute\":2}");
		assertThat(as(first).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:a")).status())
			.isEqualTo(200);
		assertThat(as(second).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:b")).status())
			.isEqualTo(200);
		var refused = as(first).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:c"));
		assertThat(refused.status()).as(refused.body()).isEqualTo(429);
		assertThat(refused.json().at("/error/message").asString()).contains("your account");
	}

	@Test
	void modelLimitFromConfigurationIsSharedByAllCallersOfTheModel() {
		Caller one = TestCallers.newUser(admin, "model-one");
		Caller two = TestCallers.newUser(admin, "model-two");
		assertThat(as(one).post("/v1/chat/completions", TestCallers.chat(LIMITED_MODEL, "text:a")).status()).isEqualTo(200);
		assertThat(as(two).post("/v1/chat/completions", TestCallers.chat(LIMITED_MODEL, "text:b")).status()).isEqualTo(200);
		var refused = as(one).post("/v1/chat/completions", TestCallers.chat(LIMITED_MODEL, "text:c"));
		assertThat(refused.status()).as(refused.body()).isEqualTo(429);
		assertThat(refused.json().at("/error/message").asString()).contains("model '" + LIMITED_MODEL + "'");
		// Other models are not limited.
		assertThat(as(one).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:d")).status())
			.isEqualTo(200);
	}

	@Test
	void tokensPerMinuteAreSettledFromTheReportedUsageNotJustTheEstimate() {
		for (boolean stream : new boolean[] { false, true }) {
			Caller caller = TestCallers.newUser(admin, "tpm");
			limit("keys", caller.keyId(), "{\"tokens_per_minute\":200}");
			// A short request (estimate: its bytes / 4, about 30) that answers 400 tokens.
			String big = "{\"model\":\"" + TestUpstreams.OPENAI_MODEL + "\",\"stream\":" + stream
					+ ",\"messages\":[{\"role\":\"user\",\"content\":\"tokens:400\"}]}";
			if (stream) {
				var answered = as(caller).stream("/v1/chat/completions", big);
				assertThat(answered.status()).isEqualTo(200);
				assertThat(answered.dataLines()).last().isEqualTo("[DONE]");
			}
			else {
				var answered = as(caller).post("/v1/chat/completions", big);
				assertThat(answered.status()).as(answered.body()).isEqualTo(200);
				assertThat(answered.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("200");
				long remaining = Long.parseLong(answered.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
				assertThat(remaining).isBetween(150L, 190L);
			}
			// The estimate alone would leave about 170 tokens; the 400 used put the minute in debt.
			var refused = as(caller).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:hi"));
			assertThat(refused.status()).as("stream=%s: %s", stream, refused.body()).isEqualTo(429);
			assertThat(refused.json().at("/error/type").asString()).isEqualTo("tokens");
			assertThat(refused.json().at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
			assertThat(refused.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("0");
			assertThat(Long.parseLong(refused.headers().firstValue("retry-after-ms").orElseThrow())).isGreaterThan(30_000L);
		}
	}

	@Test
	void failedRequestGivesItsEstimatedTokensBack() {
		Caller caller = TestCallers.newUser(admin, "tpm-failed");
		limit("keys", caller.keyId(), "{\"tokens_per_minute\":100}");
		// An unknown model fails after admission; its estimate (about 40 tokens of 100) must come back.
		String padding = "x".repeat(120);
		for (int i = 0; i < 4; i++) {
			var failed = as(caller).post("/v1/chat/completions", TestCallers.chat("no-such-model", padding));
			assertThat(failed.status()).as(failed.body()).isEqualTo(404);
		}
		var ok = as(caller).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, padding));
		assertThat(ok.status()).as(ok.body()).isEqualTo(200);
	}

	@Test
	void spentTokenBudgetAnswersInsufficientQuotaAndTellsClientsNotToRetry() {
		Caller caller = TestCallers.newUser(admin, "budget");
		limit("keys", caller.keyId(), "{\"token_budget\":50,\"budget_period\":\"day\"}");
		var first = as(caller).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "tokens:60"));
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		double refusedBefore = TestCallers.refusals(admin, "key", "budget");
		var refused = as(caller).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:more"));
		assertThat(refused.status()).as(refused.body()).isEqualTo(429);
		schema.assertValid("ErrorResponse", refused.body());
		assertThat(refused.json().at("/error/code").asString()).isEqualTo("insufficient_quota");
		assertThat(refused.json().at("/error/type").asString()).isEqualTo("insufficient_quota");
		assertThat(refused.json().at("/error/message").asString()).contains("of 50 tokens used this day").contains("resets at");
		assertThat(refused.headers().firstValue("x-should-retry")).hasValue("false");
		assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
		assertThat(TestCallers.refusals(admin, "key", "budget")).isEqualTo(refusedBefore + 1);
		// Raising the budget lets the key go on at once.
		limit("keys", caller.keyId(), "{\"token_budget\":100000,\"budget_period\":\"day\"}");
		assertThat(as(caller).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:x")).status())
			.isEqualTo(200);
	}

	@Test
	void embeddingsAreModelRequestsUnderTheSameLimits() {
		Caller caller = TestCallers.newUser(admin, "embed");
		limit("keys", caller.keyId(), "{\"requests_per_minute\":1}");
		String embed = "{\"model\":\"" + TestUpstreams.OPENAI_EMBED + "\",\"input\":\"hello\"}";
		var ok = as(caller).post("/v1/embeddings", embed);
		assertThat(ok.status()).as(ok.body()).isEqualTo(200);
		assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
		assertThat(as(caller).post("/v1/embeddings", embed).status()).isEqualTo(429);
	}

	@Test
	void corsIsOffByDefaultSoAPreflightGetsNoCorsHeaders() throws Exception {
		var preflight = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
				java.net.URI.create("http://127.0.0.1:" + port + "/v1/models"))
			.method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://127.0.0.1:1")
			.header("Access-Control-Request-Method", "GET")
			.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void requestsWithoutLimitsCarryNoRateLimitHeaders() {
		var ok = admin.post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:hi"));
		assertThat(ok.status()).isEqualTo(200);
		assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
	}

	@Test
	void adminApiSetsListsAndRemovesLimitsAndRefusesBadInputAndNonAdmins() {
		Caller caller = TestCallers.newUser(admin, "admin-api");
		var forbidden = as(caller).put("/api/limits/keys/" + caller.keyId(), "{\"requests_per_minute\":1000}");
		assertThat(forbidden.status()).isEqualTo(403);
		schema.assertValid("ErrorResponse", forbidden.body());

		var unknownField = admin.put("/api/limits/keys/" + caller.keyId(), "{\"rpm\":5}");
		assertThat(unknownField.status()).isEqualTo(400);
		assertThat(unknownField.json().at("/error/param").asString()).isEqualTo("rpm");
		var negative = admin.put("/api/limits/keys/" + caller.keyId(), "{\"tokens_per_minute\":-1}");
		assertThat(negative.status()).isEqualTo(400);
		assertThat(negative.json().at("/error/param").asString()).isEqualTo("tokens_per_minute");
		var badPeriod = admin.put("/api/limits/users/" + caller.userId(), "{\"token_budget\":5,\"budget_period\":\"week\"}");
		assertThat(badPeriod.status()).isEqualTo(400);
		assertThat(badPeriod.json().at("/error/param").asString()).isEqualTo("budget_period");
		assertThat(admin.put("/api/limits/keys/" + caller.keyId(), "not json").status()).isEqualTo(400);
		var unknownKey = admin.put("/api/limits/keys/key_nope", "{\"requests_per_minute\":5}");
		assertThat(unknownKey.status()).isEqualTo(404);
		schema.assertValid("ErrorResponse", unknownKey.body());
		assertThat(admin.put("/api/limits/models/x", "{}").status()).isEqualTo(404);

		var set = admin.put("/api/limits/keys/" + caller.keyId(), "{\"requests_per_minute\":1,\"token_budget\":900}");
		assertThat(set.status()).as(set.body()).isEqualTo(200);
		assertThat(set.json().path("budget_period").asString()).isEqualTo("month");
		assertThat(admin.get("/api/limits/keys/" + caller.keyId()).json().path("requests_per_minute").asLong()).isEqualTo(1);
		var all = admin.get("/api/limits").json();
		assertThat(all.path("keys").toString()).contains(caller.keyId());
		assertThat(all.at("/models/" + LIMITED_MODEL + "/requests_per_minute").asLong()).isEqualTo(2);

		assertThat(as(caller).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:a")).status())
			.isEqualTo(200);
		assertThat(as(caller).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:b")).status())
			.isEqualTo(429);
		assertThat(admin.delete("/api/limits/keys/" + caller.keyId()).json().path("deleted").asBoolean()).isTrue();
		assertThat(as(caller).post("/v1/chat/completions", TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:c")).status())
			.isEqualTo(200);
	}
}
