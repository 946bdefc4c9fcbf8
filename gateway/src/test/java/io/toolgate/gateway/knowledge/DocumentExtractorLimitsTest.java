package io.toolgate.gateway.knowledge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;

import io.toolgate.gateway.files.FilesProperties;
import io.toolgate.gateway.files.extract.Bombs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Knowledge ingestion reads files within the limits of {@code toolgate.files.extraction} (issue 14, item 4): a PDF
 * of thousands of pages gives at most {@code max-pages} page documents, a DOCX with a huge body gives at most
 * {@code max-text-chars} characters (streamed by Tika's SAX extractor), and an extraction past
 * {@code knowledge-timeout} stops by itself with an {@code invalid_file} failure that names no server path.
 */
class DocumentExtractorLimitsTest {

	@TempDir
	static Path dir;

	static Path words;

	@BeforeAll
	static void generate() throws Exception {
		words = Bombs.document(dir.resolve("words.docx"), 400_000);
	}

	static KnowledgeProperties knowledge(int maxTextChars) {
		return new KnowledgeProperties(null, dir.resolve("vectors"), null, 0, 0, null, maxTextChars, 0, 0, 0, 0, null,
				null);
	}

	static FilesProperties files(int maxPages, Duration timeout) {
		return new FilesProperties(null, null, null,
				new FilesProperties.Extraction(0, maxPages, 0, null, 0, timeout), null);
	}

	@Test
	void aPdfOfThousandsOfPagesGivesAtMostMaxPagesDocuments() throws Exception {
		Path pdf = Bombs.numberedPages(dir.resolve("pages.pdf"), 2_000);
		List<Document> pages = assertTimeoutPreemptively(Duration.ofMinutes(2),
				() -> new DocumentExtractor(knowledge(0), files(100, null)).extract(pdf, "pages.pdf").documents());
		assertThat(pages).hasSize(100);
		assertThat(pages.get(99).getText()).contains("This is page number 100.");
		assertThat(pages.get(99).getMetadata().get(CollectionVectors.PAGE)).isEqualTo(100);
	}

	@Test
	void aDocumentWithAHugeBodyGivesAtMostMaxTextChars() {
		List<Document> text = assertTimeoutPreemptively(Duration.ofMinutes(2),
				() -> new DocumentExtractor(knowledge(100_000), files(0, null)).extract(words, "words.docx").documents());
		assertThat(text).hasSize(1);
		assertThat(text.get(0).getText()).startsWith("The bomb").hasSizeLessThanOrEqualTo(100_000);
	}

	@Test
	void anExtractionPastTheKnowledgeTimeoutStopsWithAnInvalidFile() {
		DocumentExtractor extractor = new DocumentExtractor(knowledge(20_000_000), files(0, Duration.ofMillis(300)));
		assertThatThrownBy(() -> extractor.extract(words, "words.docx")).isInstanceOfSatisfying(IngestFailure.class,
				failure -> {
					assertThat(failure.code()).isEqualTo("invalid_file");
					assertThat(failure.getMessage()).contains("'words.docx' was not read")
						.contains("within 0.3 s")
						.doesNotContain(dir.toString());
				});
	}
}
