package io.toolgate.gateway.knowledge;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestPostgres;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.ToolgateApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Knowledge on the PostgreSQL flavour (Debian's PostgreSQL, started by {@code .ci/postgres}): the V4 migration and
 * the repository's SQL, and {@code store: pgvector}. Debian bookworm packages no pgvector (not even in
 * bookworm-backports), so on CI the pgvector store is checked for what it must do without the extension: refuse to
 * start with a message that says what is missing. Where the extension is available, the store is used for real.
 */
class KnowledgePostgresTest {

	@TempDir
	Path dataDir;

	private ConfigurableApplicationContext start(String... extra) {
		TestPostgres.resetSchema();
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--toolgate.data-dir=" + dataDir,
				"--toolgate.plugins-dir=" + dataDir.resolve("plugins"), "--toolgate.admin-key=" + TestUpstreams.ADMIN_KEY,
				"--spring.datasource.url=" + TestPostgres.URL, "--spring.datasource.username=" + TestPostgres.USER,
				"--spring.datasource.password=" + TestPostgres.PASSWORD, "--toolgate.upstreams[0].name=fake",
				"--toolgate.upstreams[0].type=openai",
				"--toolgate.upstreams[0].base-url=" + TestUpstreams.openai().baseUrl() + "/v1",
				"--toolgate.upstreams[0].api-key=" + TestUpstreams.OPENAI_KEY));
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(ToolgateApplication.class).run(args.toArray(String[]::new));
	}

	private KnowledgeClient admin(ConfigurableApplicationContext context) {
		return KnowledgeClient.admin(((WebServerApplicationContext) context).getWebServer().getPort(), dataDir);
	}

	@Test
	void collectionsAndFilesOnPostgresql() {
		try (ConfigurableApplicationContext gateway = start()) {
			roundTrip(admin(gateway));
		}
	}

	@Test
	void thePgvectorStoreWorksOrSaysWhatIsMissing() throws Exception {
		if (vectorExtensionAvailable()) {
			try (ConfigurableApplicationContext gateway = start("--toolgate.knowledge.store=pgvector")) {
				roundTrip(admin(gateway));
			}
			return;
		}
		assertThatThrownBy(() -> start("--toolgate.knowledge.store=pgvector").close())
			.hasStackTraceContaining("toolgate.knowledge.store=pgvector: cannot set up the table 'toolgate_vectors'")
			.hasStackTraceContaining("needs the pgvector extension")
			.rootCause()
			.isInstanceOf(java.sql.SQLException.class)
			.hasMessageContaining("vector");
	}

	@Test
	void thePgvectorStoreNeedsPostgresql() {
		assertThatThrownBy(() -> new SpringApplicationBuilder(ToolgateApplication.class).run("--server.port=0",
				"--toolgate.data-dir=" + dataDir, "--toolgate.plugins-dir=" + dataDir.resolve("plugins"),
				"--toolgate.admin-key=" + TestUpstreams.ADMIN_KEY, "--toolgate.knowledge.store=pgvector").close())
			.hasStackTraceContaining("keeps vectors in the gateway's PostgreSQL database");
	}

	/** Create, refuse a taken name, add a PDF, search, list, delete. */
	private void roundTrip(KnowledgeClient admin) {
		String id = admin.createCollection("station");
		HttpTestClient.Response taken = admin.http().post("/api/collections", "{\"name\":\"station\"}");
		assertThat(taken.status()).as(taken.body()).isEqualTo(409);
		admin.addIndexed(id, "handbook.pdf", KnowledgeApiTest.handbookPdf());
		admin.addIndexed(id, "garden.docx", KnowledgeApiTest.gardenDocx());
		JsonNode hits = admin.search(id, "How is the emergency generator started?", 2);
		assertThat(hits.get(0).path("text").asString()).contains("7391");
		assertThat(hits.get(0).path("page").asInt()).isEqualTo(2);
		JsonNode collections = admin.http().get("/api/collections").json();
		assertThat(collections).hasSize(1);
		assertThat(collections.get(0).at("/file_counts/completed").asInt()).isEqualTo(2);
		assertThat(admin.http().get("/v1/vector_stores").json().path("data")).hasSize(1);
		assertThat(admin.http().delete("/api/collections/" + id).status()).isEqualTo(200);
		assertThat(admin.http().get("/api/collections").json()).isEmpty();
	}

	private static boolean vectorExtensionAvailable() throws Exception {
		try (Connection db = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD);
				Statement statement = db.createStatement();
				ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")) {
			return rs.next();
		}
	}
}
