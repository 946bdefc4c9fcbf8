package io.toolgate.gateway.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestTools;
import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric a Grafana dashboard under {@code ops/grafana/dashboards/} (or an alert rule in
 * {@code ops/prometheus/alerts.yml}) queries is exported by the gateway
 * after the scripted run of {@link MetricsTest}: a renamed metric breaks this test, not a dashboard in production.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestTools.class)
class DashboardMetricsTest {

	/** Metric names in PromQL: identifiers with one of the prefixes the gateway exports. */
	private static final Pattern METRIC = Pattern
		.compile("(?<![a-zA-Z0-9_:])(?:toolgate_|resilience4j_|gen_ai_|http_server_|jvm_|process_)[a-zA-Z0-9_:]*");

	/** A sample line of the text exposition format starts with its series name. */
	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

	/** A {@code # TYPE} line names a metric family (a histogram's base name, for example). */
	private static final Pattern FAMILY = Pattern.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ", Pattern.MULTILINE);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void everyMetricADashboardOrAlertQueriesIsExported() throws IOException {
		Map<String, Set<String>> queried = metricsQueriedByDashboards(TestUpstreams.repoRoot().resolve("ops/grafana/dashboards"));
		assertThat(queried).containsKeys("overview.json", "upstreams.json", "tools-approvals.json", "sandbox.json");
		queried.put("ops/prometheus/alerts.yml", metricNames(Files.readString(TestUpstreams.repoRoot().resolve("ops/prometheus/alerts.yml"))));

		HttpTestClient client = new HttpTestClient(port);
		ScriptedRun.run(client);
		var scrape = client.get("/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		Set<String> exported = exportedNames(scrape.body());

		queried.forEach((dashboard, names) -> {
			assertThat(names).as("metrics queried by %s", dashboard).isNotEmpty();
			Set<String> missing = new TreeSet<>(names);
			missing.removeAll(exported);
			assertThat(missing).as("metrics queried by %s that /actuator/prometheus does not export", dashboard).isEmpty();
		});
	}

	/**
	 * Names a query may use: every series name of the scrape ({@code x_total}, {@code x_bucket}, {@code x_count},
	 * {@code x_sum}, gauges) and every family name. Suffixes are not stripped from queried names, so
	 * {@code toolgate_requests_total_bucket} (a counter has no buckets) is reported as missing.
	 */
	static Set<String> exportedNames(String exposition) {
		Set<String> names = new TreeSet<>();
		for (Pattern pattern : List.of(SAMPLE, FAMILY)) {
			Matcher m = pattern.matcher(exposition);
			while (m.find()) {
				names.add(m.group(1));
			}
		}
		return names;
	}

	static Set<String> metricNames(String promql) {
		Set<String> names = new TreeSet<>();
		Matcher m = METRIC.matcher(promql);
		while (m.find()) {
			names.add(m.group());
		}
		return names;
	}

	/** Per dashboard file, the metric names in its panel expressions and template variable queries. */
	static Map<String, Set<String>> metricsQueriedByDashboards(Path directory) throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		Map<String, Set<String>> result = new TreeMap<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
				Set<String> names = new TreeSet<>();
				collect(json.readTree(file.toFile()), names);
				result.put(file.getFileName().toString(), names);
			}
		}
		return result;
	}

	private static void collect(JsonNode node, Set<String> names) {
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			JsonNode value = field.getValue();
			if (value.isString() && (field.getKey().equals("expr") || field.getKey().equals("query")
					|| field.getKey().equals("definition"))) {
				names.addAll(metricNames(value.asString()));
			}
		}
		for (JsonNode child : node) {
			if (child.isContainer()) {
				collect(child, names);
			}
		}
	}
}
