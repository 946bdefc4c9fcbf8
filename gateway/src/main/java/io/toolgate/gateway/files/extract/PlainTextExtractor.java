package io.toolgate.gateway.files.extract;

import java.nio.file.Path;
import java.util.Set;

/** Any other text (plain text, Markdown, HTML, XML, YAML, logs ...): its size, then the text itself. */
final class PlainTextExtractor implements FormatExtractor {

	private static final Set<String> TEXT_APPLICATIONS = Set.of("application/xml", "application/x-yaml",
			"application/yaml", "application/x-sh", "application/javascript", "application/x-httpd-php",
			"application/sql", "application/x-sql", "application/toml", "image/svg+xml");

	@Override
	public boolean accepts(String mediaType, String filename) {
		return mediaType.startsWith("text/") || TEXT_APPLICATIONS.contains(mediaType) || mediaType.endsWith("+xml");
	}

	@Override
	public void extract(Path file, String filename, Excerpt out, ExtractionBudget budget) throws Exception {
		TextReader.Head head = TextReader.head(file, out.remaining(), budget);
		out.line("Text, " + head.lines() + " lines.");
		out.line(head.text().strip());
		out.dropped(head.droppedChars());
	}

}
