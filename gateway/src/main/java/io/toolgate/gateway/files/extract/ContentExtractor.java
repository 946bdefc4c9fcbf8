package io.toolgate.gateway.files.extract;

import java.nio.file.Path;
import java.util.List;

import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import io.toolgate.gateway.files.FilesProperties;

/**
 * What a model should know of a file, as text within a character budget: facts and metadata first (pages,
 * sheets, rows, structure, imports, image size), then content, and a note on whatever was cut. PDF through
 * PDFBox, Word and Excel through Apache POI (streamed: SAX over the XML parts), CSV through Commons CSV, JSON
 * through Jackson, images through the JDK; the media type comes from Tika ({@code ContentSniffer}). Every
 * extraction runs within an {@link ExtractionBudget} (time, cells, pages, characters of XML). Blocks: run it on a
 * bounded scheduler.
 */
@Component
public class ContentExtractor {

	private static final Logger log = LoggerFactory.getLogger(ContentExtractor.class);

	private final List<FormatExtractor> extractors;

	private final FilesProperties properties;

	public ContentExtractor(FilesProperties properties) {
		this.properties = properties;
		int rows = properties.attachments().sampleRows();
		FilesProperties.Extraction limits = properties.extraction();
		// POI keeps its zip-bomb guard in static settings of the JVM; they apply to every Office file POI opens
		// (attachments and knowledge ingestion through Tika alike), so they are set once, here, from configuration.
		ZipSecureFile.setMinInflateRatio(limits.minInflateRatio());
		ZipSecureFile.setMaxEntrySize(limits.maxEntrySize().toBytes());
		// The first that accepts a file reads it: specific formats before the catch-all for text.
		this.extractors = List.of(new PdfExtractor(), new WordExtractor(), new SpreadsheetExtractor(rows),
				new ImageExtractor(), new CsvExtractor(rows), new JsonExtractor(), new SourceCodeExtractor(),
				new PlainTextExtractor());
	}

	/**
	 * The text for the model, within the attachment timeout ({@code toolgate.files.attachments.timeout}) and the
	 * extraction limits.
	 * @param mediaType the sniffed media type
	 * @param maxChars the budget, including the facts and the note on what was cut
	 * @throws ExtractionLimitException when the file exceeds a limit that leaves nothing useful (deadline, zip bomb)
	 * @throws UnreadableFileException when the file cannot be read (corrupt, encrypted); its message names no path
	 */
	public String extract(Path file, String filename, String mediaType, int maxChars) {
		return extract(file, filename, mediaType, maxChars,
				new ExtractionBudget(properties.extraction(), properties.attachments().timeout()));
	}

	/** The configured limits, for budgets made by callers. */
	public FilesProperties.Extraction limits() {
		return properties.extraction();
	}

	/** As {@link #extract(Path, String, String, int)}, within a given budget. */
	public String extract(Path file, String filename, String mediaType, int maxChars, ExtractionBudget budget) {
		Excerpt out = new Excerpt(maxChars);
		FormatExtractor extractor = extractors.stream()
			.filter(candidate -> candidate.accepts(mediaType, filename))
			.findFirst()
			.orElse(null);
		if (extractor == null) {
			out.line("A binary file (" + mediaType + "); no text can be extracted from it.");
			return out.render();
		}
		try {
			extractor.extract(file, filename, out, budget);
		}
		catch (ExtractionLimitException e) {
			throw e;
		}
		catch (Exception | StackOverflowError e) {
			throw UnreadableFileException.of(e, file, filename, properties.extraction());
		}
		return out.render();
	}

	/** Logs where a failure happened (server side only); clients get {@link UnreadableFileException#getMessage()}. */
	static void logged(Path file, Throwable e) {
		log.info("could not extract {}: {}", file, e.toString());
	}

	/** A file that cannot be read. */
	public static final class UnreadableFileException extends RuntimeException {

		private UnreadableFileException(String message, Throwable cause) {
			super(message, cause);
		}

		/**
		 * The failure in words for the model and the user: zip bombs and oversized parts by the limit they broke;
		 * anything else by its message with the file's server path replaced by its name.
		 */
		static RuntimeException of(Throwable e, Path file, String filename, FilesProperties.Extraction limits) {
			logged(file, e);
			for (Throwable cause = e; cause != null; cause = cause.getCause()) {
				String message = cause.getMessage() == null ? "" : cause.getMessage();
				if (message.contains("MAX_ENTRY_SIZE")) {
					return new ExtractionLimitException("The file was not read: a part of it is larger than "
							+ size(limits.maxEntrySize()) + " uncompressed (toolgate.files.extraction.max-entry-size).");
				}
				if (message.contains("MIN_INFLATE_RATIO")) {
					return new ExtractionLimitException("The file was not read: a part of it expands more than "
							+ Math.round(1 / limits.minInflateRatio())
							+ " times its compressed size (toolgate.files.extraction.min-inflate-ratio), as zip bombs do.");
				}
				if (message.contains("MAX_FILE_COUNT")) {
					return new ExtractionLimitException("The file was not read: it holds more parts than an Office file"
							+ " plausibly has.");
				}
			}
			if (e instanceof StackOverflowError) {
				return new UnreadableFileException("the file is nested too deeply to be read", null);
			}
			if (e instanceof java.nio.file.FileSystemException || e instanceof java.io.FileNotFoundException) {
				return new UnreadableFileException("the stored file could not be opened", null);
			}
			String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
			message = message.replace(file.toAbsolutePath().toString(), filename).replace(file.toString(), filename);
			if (file.getParent() != null) {
				message = message.replace(file.toAbsolutePath().getParent().toString(), "");
			}
			return new UnreadableFileException(message, e);
		}

		private static String size(org.springframework.util.unit.DataSize size) {
			return size.toMegabytes() > 0 ? String.format("%,d MB", size.toMegabytes())
					: String.format("%,d bytes", size.toBytes());
		}
	}
}
