package io.toolgate.plugins.pptmaker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.toolgate.plugin.api.Artifact;

/**
 * Renders a deck with the Marp CLI, one process per format, in a fresh directory of the call's scratch directory
 * (never the workspace: the user's sandbox container can write there at any time, and the gateway runs the
 * launcher script it writes).
 * Chromium runs through {@link OfflineBrowser} (no network); local files are not allowed either (Marp's
 * {@code --allow-local-files} is never passed, so a deck cannot pull in files of the host or of other users);
 * HTML tags in the markdown stay disabled. All renders of a call share one time limit, and a render that
 * overruns it is killed with its whole process tree. The rendered files are left for the gateway to store;
 * everything else (the browser's profile and temporary files) is deleted.
 */
final class MarpRenderer {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	/** Prefix of the private temporary directory of each render (in java.io.tmpdir). */
	static final String TEMP_PREFIX = "toolgate-ppt-";

	private MarpRenderer() {
	}

	static List<Artifact> render(DeckMarkdown deck, List<DeckFormat> formats, MarpSettings settings, Path scratch,
			Consumer<String> progress) throws RenderFailure, InterruptedException {
		long deadline = System.nanoTime() + settings.timeout().toNanos();
		Path dir;
		Path work;
		Path out;
		try {
			dir = Files.createDirectories(scratch.resolve("ppt_maker").resolve(LocalDateTime.now().format(STAMP) + "-"
					+ Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff))));
			work = Files.createDirectories(dir.resolve("work"));
			out = Files.createDirectories(dir.resolve("out"));
			Files.writeString(work.resolve("deck.md"), deck.text(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new RenderFailure("the deck's working directory could not be prepared in the scratch directory: " + e, e);
		}
		try {
			Path browser = browser(formats, settings, work);
			List<Artifact> artifacts = new ArrayList<>();
			for (DeckFormat format : formats) {
				Duration left = Duration.ofNanos(deadline - System.nanoTime());
				if (left.isNegative() || left.isZero()) {
					throw new RenderFailure("rendering did not finish within " + settings.timeout().toSeconds()
							+ " s (the " + format.extension().toUpperCase() + " was not started)");
				}
				progress.accept("rendering the " + format.extension().toUpperCase());
				artifacts.add(renderOne(deck, format, settings, work, out, browser, left));
			}
			return artifacts;
		}
		finally {
			deleteTree(work);
		}
	}

	private static Path browser(List<DeckFormat> formats, MarpSettings settings, Path work) throws RenderFailure {
		if (formats.stream().noneMatch(DeckFormat::needsBrowser)) {
			return null;
		}
		if (settings.browser() == null) {
			throw new RenderFailure("no Chromium was found to render PDF or PPTX: install Debian's chromium package "
					+ "(apt-get install chromium) or set " + MarpSettings.PREFIX + "browser-path or CHROME_PATH");
		}
		if (!Files.isExecutable(Path.of(settings.browser()))) {
			throw new RenderFailure("the browser " + settings.browser() + " is not an executable file; fix "
					+ MarpSettings.PREFIX + "browser-path or CHROME_PATH");
		}
		try {
			return OfflineBrowser.write(work, settings.browser(), settings.browserArguments());
		}
		catch (IOException e) {
			throw new RenderFailure("the browser launcher could not be written into the scratch directory: " + e, e);
		}
	}

	private static Artifact renderOne(DeckMarkdown deck, DeckFormat format, MarpSettings settings, Path work, Path out,
			Path browser, Duration left) throws RenderFailure, InterruptedException {
		Path file = out.resolve(deck.fileName() + "." + format.extension());
		List<String> command = new ArrayList<>(settings.marpCommand());
		command.add("--no-config-file");
		if (browser != null) {
			command.addAll(List.of("--browser-path", browser.toString(), "--browser-timeout",
					String.valueOf(Math.max(1, left.toSeconds()))));
		}
		command.addAll(format.marpOptions());
		command.addAll(List.of("-o", file.toString(), "deck.md"));
		BoundedProcess.Outcome outcome;
		Path tmp = null;
		try {
			// The browser's profile, caches and temporary files go to a private directory that is deleted afterwards.
			// It is not under the scratch directory: Chromium's singleton socket lives there, and Unix socket paths are
			// limited to about 100 characters.
			tmp = Files.createTempDirectory(TEMP_PREFIX);
			Map<String, String> environment = browser == null ? Map.of("TMPDIR", tmp.toString(), "HOME", tmp.toString())
					: Map.of("TMPDIR", tmp.toString(), "HOME", tmp.toString(), "CHROME_PATH", browser.toString());
			outcome = BoundedProcess.run(command, work, environment, left);
		}
		catch (IOException e) {
			throw new RenderFailure("the Marp CLI could not be started (" + String.join(" ", settings.marpCommand())
					+ "): " + e.getMessage() + ". Install it (npm install -g @marp-team/marp-cli) or set "
					+ MarpSettings.PREFIX + "marp-command", e);
		}
		finally {
			if (tmp != null) {
				deleteTree(tmp);
			}
		}
		String name = format.extension().toUpperCase();
		if (outcome.timedOut()) {
			throw new RenderFailure("rendering the " + name + " did not finish within " + settings.timeout().toSeconds()
					+ " s and was stopped");
		}
		if (outcome.exitCode() != 0 || !nonEmpty(file)) {
			throw new RenderFailure("Marp could not render the " + name + " (exit code " + outcome.exitCode() + "): "
					+ tail(outcome.output()));
		}
		return new Artifact(file.getFileName().toString(), format.mediaType(), file);
	}

	private static boolean nonEmpty(Path file) {
		try {
			return Files.isRegularFile(file) && Files.size(file) > 0;
		}
		catch (IOException e) {
			return false;
		}
	}

	/** The last lines of Marp's output, where its error is. */
	private static String tail(String output) {
		List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
		String text = String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
		return text.isEmpty() ? "no output" : text.length() > 1500 ? text.substring(text.length() - 1500) : text;
	}

	static void deleteTree(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach(path -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException e) {
					// best effort: a leftover temporary file in the scratch directory goes with it
				}
			});
		}
		catch (IOException e) {
			// best effort, as above
		}
	}
}
