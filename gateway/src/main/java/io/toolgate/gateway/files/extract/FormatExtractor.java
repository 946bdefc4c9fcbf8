package io.toolgate.gateway.files.extract;

import java.nio.file.Path;

/** Turns files of some formats into text and metadata for the model. Implementations block and may be slow. */
interface FormatExtractor {

	/** Whether this extractor reads files of this media type (sniffed) and name. */
	boolean accepts(String mediaType, String filename);

	/**
	 * Writes what the model should know of the file: first its facts, then its content, within the excerpt's
	 * budget. Long loops and parser callbacks check the extraction budget, which throws at the deadline.
	 */
	void extract(Path file, String filename, Excerpt out, ExtractionBudget budget) throws Exception;
}
