package io.toolgate.plugins.pptmaker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The browser Marp gets: a small shell script that starts Chromium with flags that cut it off the network, so
 * rendering a deck can fetch nothing (no remote image, font or stylesheet, and nothing on this host's loopback
 * either). Every request goes to a proxy at a port nothing listens on, loopback included ({@code <-loopback>}
 * removes Chromium's implicit bypass), and no host name resolves. The flags come last, so the operator's
 * extra arguments cannot undo them. Marp has no option for browser arguments, hence the script.
 */
final class OfflineBrowser {

	/** Chromium flags that leave it no network. */
	static final List<String> NO_NETWORK = List.of("--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
			"--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking", "--no-pings");

	private OfflineBrowser() {
	}

	/**
	 * Writes the script into {@code directory}.
	 * @param browser the Chromium executable
	 * @param extraArguments the operator's own Chromium arguments, put before the network flags
	 * @return the script's path, to give Marp as its browser
	 */
	static Path write(Path directory, String browser, List<String> extraArguments) throws IOException {
		List<String> words = new ArrayList<>();
		words.add(browser);
		words.addAll(extraArguments);
		words.addAll(NO_NETWORK);
		StringBuilder script = new StringBuilder("#!/bin/sh\n# Chromium without network, for Toolgate's ppt_maker.\nexec");
		for (String word : words) {
			script.append(' ').append(quote(word));
		}
		script.append(" \"$@\"\n");
		Path file = directory.resolve("browser.sh");
		Files.writeString(file, script, StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
		return file;
	}

	/** Single-quotes a word for sh. */
	static String quote(String word) {
		return "'" + word.replace("'", "'\\''") + "'";
	}
}
