package io.toolgate.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestPostgres;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.ToolgateApplication;
import io.toolgate.gateway.limits.TestCallers.Caller;

/**
 * Two gateway instances on one real PostgreSQL database (a schema of this test's own, so it never meets other
 * tests' tables): the limits hold for both together, because the buckets live in Bucket4j's PostgreSQL proxy
 * manager and budgets sum the shared usage records.
 */
class LimitsAcrossInstancesPostgresTest {

	static final String SCHEMA = "limits_test_" + Long.toString(System.nanoTime(), 36);

	static final int MODEL_LIMIT = 6;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() throws Exception {
		try (Connection connection = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + SCHEMA);
		}
		first = start();
		second = start();
	}

	private static ConfigurableApplicationContext start() throws Exception {
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.datasource.url", TestPostgres.URL + "?currentSchema=" + SCHEMA);
		properties.put("spring.datasource.username", TestPostgres.USER);
		properties.put("spring.datasource.password", TestPostgres.PASSWORD);
		properties.put("toolgate.upstreams[0].name", "fake-openai");
		properties.put("toolgate.upstreams[0].type", "openai");
		properties.put("toolgate.upstreams[0].base-url", TestUpstreams.openai().baseUrl() + "/v1");
		properties.put("toolgate.upstreams[0].api-key", TestUpstreams.OPENAI_KEY);
		String dataDir = Files.createTempDirectory("toolgate-limits-pg").toString();
		properties.put("toolgate.data-dir", dataDir);
		properties.put("toolgate.plugins-dir", dataDir + "/plugins");
		properties.put("toolgate.admin-key", TestUpstreams.ADMIN_KEY);
		properties.put("toolgate.sandbox.enabled", "false");
		properties.put("toolgate.limits.refresh-interval", "200ms");
		properties.put("toolgate.limits.models." + TestUpstreams.SHARED_MODEL + ".requests-per-minute",
				Integer.toString(MODEL_LIMIT));
		// As arguments: default properties would lose to application.yml (server.port: 8080).
		String[] arguments = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(ToolgateApplication.class).run(arguments);
	}

	@AfterAll
	static void stopAndDropSchema() throws Exception {
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
		try (Connection connection = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		}
	}

	private static HttpTestClient admin(ConfigurableApplicationContext context) {
		return new HttpTestClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	/** Sends {@code count} chats at once, alternating between the instances; the statuses. */
	private static List<Integer> concurrently(Caller caller, String model, int count) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				HttpTestClient client = admin(i % 2 == 0 ? first : second);
				HttpTestClient as = caller == null ? client : client.as(caller.key());
				answers.add(pool.submit(() -> as.post("/v1/chat/completions", TestCallers.chat(model, "text:hi")).status()));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get());
			}
			return statuses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Waits until the other instance has read the limit set through the first one (its refresh interval). */
	private static void awaitLimitOnSecond(Caller caller) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (!admin(second).get("/api/limits").body().contains(caller.keyId())) {
			assertThat(Instant.now()).as("the second instance reads the new limit").isBefore(deadline);
			Thread.sleep(50);
		}
	}

	@Test
	void keyRequestsPerMinuteHoldForBothInstancesTogether() throws Exception {
		Caller caller = TestCallers.newUser(admin(first), "pg-rpm");
		var set = admin(first).put("/api/limits/keys/" + caller.keyId(), "{\"requests_per_minute\":5}");
		assertThat(set.status()).as(set.body()).isEqualTo(200);
		awaitLimitOnSecond(caller);

		List<Integer> statuses = concurrently(caller, TestUpstreams.OPENAI_MODEL, 12);
		assertThat(statuses).as("statuses").containsOnly(200, 429);
		assertThat(statuses.stream().filter(status -> status == 200).count()).as("allowed across both").isEqualTo(5);
	}

	@Test
	void modelLimitFromConfigurationHoldsForBothInstancesTogether() throws Exception {
		List<Integer> statuses = concurrently(null, TestUpstreams.SHARED_MODEL, 10);
		assertThat(statuses).as("statuses").containsOnly(200, 429);
		assertThat(statuses.stream().filter(status -> status == 200).count()).as("allowed across both")
			.isEqualTo(MODEL_LIMIT);
	}

	@Test
	void budgetSpentOnOneInstanceIsSpentOnTheOther() throws Exception {
		Caller caller = TestCallers.newUser(admin(first), "pg-budget");
		var set = admin(first).put("/api/limits/keys/" + caller.keyId(), "{\"token_budget\":50,\"budget_period\":\"month\"}");
		assertThat(set.status()).as(set.body()).isEqualTo(200);
		awaitLimitOnSecond(caller);
		var spent = admin(first).as(caller.key()).post("/v1/chat/completions",
				TestCallers.chat(TestUpstreams.OPENAI_MODEL, "tokens:60"));
		assertThat(spent.status()).as(spent.body()).isEqualTo(200);
		var refused = admin(second).as(caller.key()).post("/v1/chat/completions",
				TestCallers.chat(TestUpstreams.OPENAI_MODEL, "text:hi"));
		assertThat(refused.status()).as(refused.body()).isEqualTo(429);
		assertThat(refused.json().at("/error/code").asString()).isEqualTo("insufficient_quota");
	}
}
