package io.toolgate.plugins.pptmaker;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.toolgate.plugin.api.Artifact;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Real renders with the Marp CLI and Chromium: page and slide counts, formats, and no network. */
class RenderingTest {

	@TempDir
	Path workspace;

	final PptMakerTool tool = new PptMakerTool(name -> null);

	ToolResult call(Map<String, Object> arguments, Map<String, String> config) throws Exception {
		return tool.call(new ToolCall("call_1", "ppt_maker", arguments, "{}"), new TestContext(workspace, config, null));
	}

	static Artifact artifact(ToolResult result, String extension) {
		return result.artifacts().stream().filter(a -> a.name().endsWith("." + extension)).findFirst().orElseThrow();
	}

	@Test
	void aDeckOfFiveSlidesGivesAPdfOfFivePagesAndAPptxOfFiveSlides() throws Exception {
		ToolResult result = call(Map.of("markdown", Decks.of(5)), MarpInstallation.config());

		assertThat(result.error()).as(result.content()).isFalse();
		assertThat(result.artifacts()).extracting(Artifact::name)
			.containsExactly("quarterly-review.pdf", "quarterly-review.pptx");
		Artifact pdf = artifact(result, "pdf");
		Artifact pptx = artifact(result, "pptx");
		assertThat(pdf.mediaType()).isEqualTo("application/pdf");
		assertThat(pptx.mediaType()).isEqualTo("application/vnd.openxmlformats-officedocument.presentationml.presentation");
		assertThat(pdf.file()).startsWith(workspace);
		assertThat(Decks.pdfPages(pdf.file())).isEqualTo(5);
		assertThat(Decks.pptxSlides(pptx.file())).isEqualTo(5);
		assertThat(result.content()).startsWith("Made a deck of 5 slides: quarterly-review.pdf, quarterly-review.pptx.")
			.contains("1. Quarterly review", "5. Topic 5");
		// Only the rendered files remain: the browser's profile and the launcher are gone.
		try (var files = Files.walk(workspace)) {
			assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList())
				.containsExactlyInAnyOrder("quarterly-review.pdf", "quarterly-review.pptx");
		}
	}

	@Test
	void aSingleSlideAndTheHtmlFormat() throws Exception {
		ToolResult result = call(Map.of("markdown", "# Just one\n\nHello", "formats", List.of("pdf", "html")),
				MarpInstallation.config());

		assertThat(result.error()).as(result.content()).isFalse();
		assertThat(Decks.pdfPages(artifact(result, "pdf").file())).isEqualTo(1);
		Artifact html = artifact(result, "html");
		assertThat(html.mediaType()).isEqualTo("text/html");
		assertThat(Files.readString(html.file())).contains("Just one");
	}

	@Test
	void htmlAloneNeedsNoBrowser() throws Exception {
		Map<String, String> config = new HashMap<>(MarpInstallation.config());
		config.put("browser-path", "/nonexistent/chromium");

		ToolResult result = call(Map.of("markdown", Decks.of(2), "formats", List.of("html")), config);

		assertThat(result.error()).as(result.content()).isFalse();
		assertThat(result.artifacts()).hasSize(1);
	}

	@Test
	void remoteImagesFontsAndStylesheetsAreNeverFetched() throws Exception {
		AtomicInteger requests = new AtomicInteger();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			requests.incrementAndGet();
			exchange.sendResponseHeaders(404, -1);
			exchange.close();
		});
		server.start();
		try {
			String base = "http://127.0.0.1:" + server.getAddress().getPort();
			String deck = "---\nmarp: true\ntheme: gaia\n---\n\n# Remote things\n\n![photo](" + base + "/photo.png)\n\n"
					+ "---\n\n![bg](" + base + "/background.jpg)\n\n## Background\n\n<style>\n@import url('" + base
					+ "/theme.css');\nsection { font-family: 'Remote'; }\n@font-face { font-family: 'Remote'; src: url('"
					+ base + "/font.woff2'); }\n</style>\n\n---\n\n## Public host\n\n![x](https://example.com/x.png)\n";

			ToolResult result = call(Map.of("markdown", deck), MarpInstallation.config());

			assertThat(result.error()).as(result.content()).isFalse();
			assertThat(Decks.pdfPages(artifact(result, "pdf").file())).isEqualTo(3);
			assertThat(Decks.pptxSlides(artifact(result, "pptx").file())).isEqualTo(3);
			assertThat(requests.get()).as("requests that reached " + base).isZero();
		}
		finally {
			server.stop(0);
		}
	}

	/**
	 * The launcher's flags themselves: Chromium asked to open a loopback page directly makes the request, and
	 * through the launcher it cannot (so the test above would see a leak if the flags stopped working).
	 */
	@Test
	void theOfflineLauncherCutsChromiumOffEvenFromLoopback() throws Exception {
		AtomicInteger requests = new AtomicInteger();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			requests.incrementAndGet();
			byte[] page = "<html><body>reached</body></html>".getBytes();
			exchange.sendResponseHeaders(200, page.length);
			exchange.getResponseBody().write(page);
			exchange.close();
		});
		server.start();
		try {
			String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/page";
			Path profile = Files.createDirectories(workspace.resolve("profile"));
			List<String> headless = List.of("--headless", "--no-sandbox", "--disable-gpu",
					"--user-data-dir=" + profile, "--dump-dom", url);

			List<String> plain = new java.util.ArrayList<>(List.of(MarpInstallation.chromium().toString()));
			plain.addAll(headless);
			BoundedProcess.Outcome direct = BoundedProcess.run(plain, workspace, Map.of("HOME", profile.toString()),
					Duration.ofSeconds(90));
			assertThat(direct.output()).contains("reached");
			int reachedDirectly = requests.get();
			assertThat(reachedDirectly).as("plain Chromium reaches the page").isPositive();

			Path launcher = OfflineBrowser.write(workspace, MarpInstallation.chromium().toString(), List.of());
			List<String> offline = new java.util.ArrayList<>(List.of(launcher.toString()));
			offline.addAll(headless);
			BoundedProcess.Outcome cut = BoundedProcess.run(offline, workspace, Map.of("HOME", profile.toString()),
					Duration.ofSeconds(90));
			assertThat(cut.output()).doesNotContain("reached");
			assertThat(requests.get()).as("requests through the offline launcher").isEqualTo(reachedDirectly);
		}
		finally {
			server.stop(0);
		}
	}
}
