package io.toolgate.gateway.files.extract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.toolgate.gateway.files.FilesProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Files crafted to cost little on disk and much to read (issue 14, item 4), generated here: each one is read
 * within the default limits of {@code toolgate.files.extraction} into a bounded answer (text cut with a note
 * saying where reading stopped, or a clear refusal), and an extraction past its deadline stops by itself, without
 * relying on an interrupt. The preemptive timeouts only guard against a hang: before streaming, the 2,000,000-cell
 * spreadsheet ran the JVM out of memory.
 */
class ExtractionBombsTest {

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

	static final Duration HANG_GUARD = Duration.ofSeconds(120);

	@TempDir
	static Path dir;

	static Path cells;

	static Path words;

	@BeforeAll
	static void generate() throws Exception {
		cells = Bombs.spreadsheet(dir.resolve("cells.xlsx"), 200_000, 10);
		words = Bombs.document(dir.resolve("words.docx"), 400_000);
	}

	static ContentExtractor extractor(FilesProperties.Extraction limits) {
		return new ContentExtractor(new FilesProperties(null, null,
				new FilesProperties.Attachments(0, Duration.ofSeconds(60), 0, 3), limits, null));
	}

	static FilesProperties.Extraction defaults() {
		return new FilesProperties.Extraction(0, 0, 0, null, 0, null);
	}

	@Test
	void aSpreadsheetOfTwoMillionCellsIsCountedOnlyUpToTheCellBudget() throws Exception {
		assertThat(Files.size(cells)).as("a few MB on disk").isLessThan(20_000_000);
		String text = assertTimeoutPreemptively(HANG_GUARD,
				() -> extractor(defaults()).extract(cells, "cells.xlsx", XLSX, 20_000));
		assertThat(text).startsWith("Spreadsheet, 2 sheets.")
			.contains("Sheet \"Data\": at least ")
			.contains("(counting stopped after 200,000 cells, the limit of one file)")
			.contains("Header: col0 | col1 | col2")
			.contains("Row 2: 10 | 11 | 12")
			.contains("Sheets not read (the limit of 200,000 cells was reached): \"Second\".");
		assertThat(text.length()).isLessThanOrEqualTo(20_000 + 200);
	}

	@Test
	void aSpreadsheetWithinTheCellBudgetIsCountedExactly() throws Exception {
		Path small = Bombs.spreadsheet(dir.resolve("small.xlsx"), 1_000, 10);
		String text = extractor(defaults()).extract(small, "small.xlsx", XLSX, 20_000);
		assertThat(text).contains("Sheet \"Data\": 1001 rows (1 header row + 1000 data rows), 10 columns.")
			.contains("Sheet \"Second\": 0 rows")
			.contains("(997 more data rows)")
			.doesNotContain("at least");
	}

	@Test
	void aDocumentWithAHugeBodyIsReadOnlyUpToTheCharacterBudget() throws Exception {
		String text = assertTimeoutPreemptively(HANG_GUARD,
				() -> extractor(defaults()).extract(words, "words.docx", DOCX, 5_000));
		assertThat(text).startsWith("Word document, at least ")
			.contains("# The bomb\n0 ")
			.contains("the rest of the document (reading stopped after 5,000,000 characters, the limit of one file)");
		assertThat(text.length()).isLessThanOrEqualTo(5_000 + 400);
	}

	@Test
	void anExtractionPastItsDeadlineStopsByItselfWithoutAnInterrupt() {
		// No character limit to speak of: only the deadline can stop this reading, and nothing interrupts the thread.
		ContentExtractor extractor = extractor(new FilesProperties.Extraction(0, 0, Long.MAX_VALUE, null, 0, null));
		ExtractionBudget budget = new ExtractionBudget(extractor.limits(), Duration.ofMillis(300));
		long started = System.nanoTime();
		assertThatThrownBy(() -> extractor.extract(words, "words.docx", DOCX, 5_000, budget))
			.isInstanceOf(ExtractionLimitException.class)
			.hasMessage("The content could not be extracted within 0.3 s.");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("stopped near its deadline, not at the end")
			.isLessThan(HANG_GUARD);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	@Test
	void aPartThatInflatesLikeAZipBombIsRefused() throws Exception {
		Path bomb = Bombs.inflatingSpreadsheet(dir.resolve("bomb.xlsx"), 64 << 20);
		assertThat(Files.size(bomb)).as("about 1000:1").isLessThan(200_000);
		assertThatThrownBy(() -> extractor(defaults()).extract(bomb, "bomb.xlsx", XLSX, 20_000))
			.isInstanceOf(ExtractionLimitException.class)
			.hasMessageContaining("expands more than 100 times its compressed size")
			.hasMessageNotContaining(dir.toString());
	}

	@Test
	void aPartLargerThanTheEntryLimitIsRefused() {
		ContentExtractor extractor = extractor(new FilesProperties.Extraction(0, 0, Long.MAX_VALUE,
				org.springframework.util.unit.DataSize.ofMegabytes(4), 0, null));
		try {
			assertThatThrownBy(() -> extractor.extract(words, "words.docx", DOCX, 5_000))
				.isInstanceOf(ExtractionLimitException.class)
				.hasMessageContaining("larger than 4 MB uncompressed (toolgate.files.extraction.max-entry-size)");
		}
		finally {
			// POI's zip guard is JVM-wide (set by each ContentExtractor): put the defaults back for the other tests.
			extractor(defaults());
		}
	}

	@Test
	void nestedArchivesAreNotOpened() throws Exception {
		Path nested = Bombs.nestedArchive(dir.resolve("42.zip"), 4, 8);
		String text = assertTimeoutPreemptively(HANG_GUARD,
				() -> extractor(defaults()).extract(nested, "42.zip", "application/zip", 20_000));
		assertThat(text).isEqualTo("A binary file (application/zip); no text can be extracted from it.");
	}

	@Test
	void aPdfOfTwentyThousandPagesIsReadOnlyUpToThePageCap() throws Exception {
		Path pdf = Bombs.pages(dir.resolve("pages.pdf"), 20_000);
		String text = assertTimeoutPreemptively(HANG_GUARD,
				() -> extractor(new FilesProperties.Extraction(0, 50, 0, null, 0, null)).extract(pdf, "pages.pdf",
						"application/pdf", 1_000_000));
		assertThat(text).startsWith("PDF document, 20000 pages.")
			.contains("--- page 50 ---")
			.doesNotContain("--- page 51 ---")
			.contains("pages 51-20000 (not read: at most 50 pages are read per file)");
	}

	@Test
	void theDefaultPageCapIsFiveHundred() {
		assertThat(defaults().maxPages()).isEqualTo(500);
		assertThat(defaults().maxCells()).isEqualTo(200_000);
	}

	@Test
	void anUnreadableFileIsDescribedWithoutItsServerPath() throws Exception {
		Path broken = Files.writeString(dir.resolve("broken.docx"), "PK not really a zip");
		assertThatThrownBy(() -> extractor(defaults()).extract(broken, "broken.docx", DOCX, 5_000))
			.isInstanceOf(ContentExtractor.UnreadableFileException.class)
			.hasMessageNotContaining(dir.toString());
		Path missing = dir.resolve("gone/missing.pdf");
		assertThatThrownBy(() -> extractor(defaults()).extract(missing, "missing.pdf", "application/pdf", 5_000))
			.isInstanceOf(ContentExtractor.UnreadableFileException.class)
			.hasMessageNotContaining(dir.toString());
	}
}
