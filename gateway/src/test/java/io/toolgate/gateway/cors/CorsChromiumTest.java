package io.toolgate.gateway.cors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

/**
 * CORS from a real browser: headless Chromium (Debian's {@code /usr/bin/chromium}) loads a page served on another
 * port, whose script calls the gateway with a bearer key (so the browser sends a preflight first) and writes the
 * outcome into the page, which {@code --dump-dom} prints. A page of an allowed origin gets the answer and may read
 * the exposed rate-limit header; a page of another origin is blocked by the browser. Fails, never skips, without
 * Chromium ({@code apt-get install chromium}; {@code .ci/run} installs it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CorsChromiumTest {

	static final String CHROMIUM = System.getenv().getOrDefault("CHROME_PATH", "/usr/bin/chromium");

	/** Serves the test page; its origin (127.0.0.1) is allowed. */
	static HttpServer allowedPages;

	/** Serves the same page at localhost: another origin, not allowed. */
	static HttpServer otherPages;

	static volatile String page = "";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		TestUpstreams.register(registry);
		allowedPages = pageServer();
		otherPages = pageServer();
		registry.add("toolgate.cors.allowed-origins", () -> "http://127.0.0.1:" + allowedPages.getAddress().getPort());
	}

	private static HttpServer pageServer() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			byte[] body = page.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

	@AfterAll
	static void stopPages() {
		allowedPages.stop(0);
		otherPages.stop(0);
	}

	@LocalServerPort
	int port;

	@Test
	void pageOfAnAllowedOriginCallsTheGatewayAndReadsTheExposedHeadersWhileOtherOriginsAreBlocked() throws Exception {
		HttpTestClient admin = new HttpTestClient(port);
		var user = admin.post("/api/users", "{\"username\":\"browser\",\"password\":\"password-browser\"}");
		assertThat(user.status()).as(user.body()).isEqualTo(201);
		var key = admin.post("/api/keys", "{\"name\":\"browser\",\"user_id\":\"" + user.json().path("id").asString() + "\"}");
		String keyId = key.json().path("id").asString();
		assertThat(admin.put("/api/limits/keys/" + keyId, "{\"requests_per_minute\":100}").status()).isEqualTo(200);
		page = """
				<!doctype html><html><body><pre id="out">pending</pre><script>
				(async () => {
				  const out = document.getElementById('out');
				  try {
				    const response = await fetch('http://127.0.0.1:%d/v1/chat/completions', {method: 'POST',
				      headers: {'Authorization': 'Bearer %s', 'Content-Type': 'application/json'},
				      body: JSON.stringify({model: '%s', messages: [{role: 'user', content: 'text:from the browser'}]})});
				    const body = await response.json();
				    out.textContent = 'status=' + response.status + ' content=' + body.choices[0].message.content
				      + ' remaining=' + response.headers.get('x-ratelimit-remaining-requests');
				  } catch (error) {
				    out.textContent = 'blocked: ' + error.name;
				  }
				})();
				</script></body></html>
				""".formatted(port, key.json().path("key").asString(), TestUpstreams.OPENAI_MODEL);

		String allowed = dumpDom("http://127.0.0.1:" + allowedPages.getAddress().getPort() + "/page.html");
		assertThat(allowed).contains("status=200 content=from the browser remaining=99");

		String other = dumpDom("http://localhost:" + otherPages.getAddress().getPort() + "/page.html");
		assertThat(other).contains("blocked: TypeError");
	}

	@Test
	void preflightIsAnsweredWithoutCredentialsAndNeverAllowsCredentials() throws Exception {
		String origin = "http://127.0.0.1:" + allowedPages.getAddress().getPort();
		HttpResponse<String> preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
				URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization,content-type")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
			.contains("authorization");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

		HttpResponse<String> foreign = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
				URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://evil.example")
			.header("Access-Control-Request-Method", "POST")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(foreign.statusCode()).isEqualTo(403);
		assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	private static String dumpDom(String url) throws Exception {
		assertThat(Path.of(CHROMIUM)).as("Chromium (apt-get install chromium)").isExecutable();
		Path profile = Files.createTempDirectory("toolgate-cors-chromium");
		List<String> command = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=20000", "--dump-dom", url));
		Process chromium = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
		return dom;
	}
}
