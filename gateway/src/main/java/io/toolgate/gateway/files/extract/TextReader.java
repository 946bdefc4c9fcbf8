package io.toolgate.gateway.files.extract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a text file as UTF-8 (malformed bytes replaced, no byte order mark), keeping at most a given number of
 * characters and counting the rest, so a huge file never becomes a huge string.
 */
final class TextReader {

	/** The kept text and how many characters followed it. */
	record Head(String text, long droppedChars, long lines) {
	}

	private TextReader() {
	}

	static Head head(Path file, int keep, ExtractionBudget budget) throws IOException {
		StringBuilder text = new StringBuilder();
		long dropped = 0;
		long lines = 0;
		char[] buffer = new char[8192];
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
				StandardCharsets.UTF_8))) {
			int read;
			boolean first = true;
			while ((read = reader.read(buffer)) != -1) {
				budget.check();
				int start = first && read > 0 && buffer[0] == '\uFEFF' ? 1 : 0;
				first = false;
				for (int i = start; i < read; i++) {
					if (buffer[i] == '\n') {
						lines++;
					}
				}
				int room = Math.max(0, keep - text.length());
				int length = read - start;
				if (length <= room) {
					text.append(buffer, start, length);
				}
				else {
					text.append(buffer, start, room);
					dropped += length - room;
				}
			}
		}
		if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
			lines++;
		}
		return new Head(text.toString(), dropped, lines);
	}
}
