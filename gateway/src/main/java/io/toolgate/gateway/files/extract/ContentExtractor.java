package io.toolgate.gateway.files.extract;

import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

import io.toolgate.gateway.files.FilesProperties;

/**
 * What a model should know of a file, as text within a character budget: facts and metadata first (pages,
 * sheets, rows, structure, imports, image size), then content, and a note on whatever was cut. PDF through
 * PDFBox, Word and Excel through Apache POI, CSV through Commons CSV, JSON through Jackson, images through the
 * JDK; the media type comes from Tika ({@code ContentSniffer}). Blocks: run it on a bounded scheduler.
 */
@Component
public class ContentExtractor {

	private final List<FormatExtractor> extractors;

	public ContentExtractor(FilesProperties properties) {
		int rows = properties.attachments().sampleRows();
		// The first that accepts a file reads it: specific formats before the catch-all for text.
		this.extractors = List.of(new PdfExtractor(), new WordExtractor(), new SpreadsheetExtractor(rows),
				new ImageExtractor(), new CsvExtractor(rows), new JsonExtractor(), new SourceCodeExtractor(),
				new PlainTextExtractor());
	}

	/**
	 * The text for the model.
	 * @param mediaType the sniffed media type
	 * @param maxChars the budget, including the facts and the note on what was cut
	 * @throws Exception when the file cannot be read (corrupt, encrypted, interrupted)
	 */
	public String extract(Path file, String filename, String mediaType, int maxChars) throws Exception {
		Excerpt out = new Excerpt(maxChars);
		FormatExtractor extractor = extractors.stream()
			.filter(candidate -> candidate.accepts(mediaType, filename))
			.findFirst()
			.orElse(null);
		if (extractor == null) {
			out.line("A binary file (" + mediaType + "); no text can be extracted from it.");
		}
		else {
			extractor.extract(file, filename, out);
		}
		return out.render();
	}
}
