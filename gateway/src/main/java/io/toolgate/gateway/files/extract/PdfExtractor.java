package io.toolgate.gateway.files.extract;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * PDF (PDFBox): page count, title and author, then the text page by page until the budget is spent, at most
 * {@code max-pages} pages. PDFBox buffers decoded streams in temporary files, not the heap, and the text
 * stripper checks the extraction's deadline per glyph, so a page with a huge content stream stops too.
 */
final class PdfExtractor implements FormatExtractor {

	@Override
	public boolean accepts(String mediaType, String filename) {
		return "application/pdf".equals(mediaType);
	}

	@Override
	public void extract(Path file, String filename, Excerpt out, ExtractionBudget budget) throws Exception {
		try (PDDocument document = Loader.loadPDF(file.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
			int pages = document.getNumberOfPages();
			StringBuilder facts = new StringBuilder("PDF document, " + pages + (pages == 1 ? " page" : " pages"));
			PDDocumentInformation info = document.getDocumentInformation();
			if (info != null && info.getTitle() != null && !info.getTitle().isBlank()) {
				facts.append(", title \"").append(info.getTitle().strip()).append('"');
			}
			if (info != null && info.getAuthor() != null && !info.getAuthor().isBlank()) {
				facts.append(", author \"").append(info.getAuthor().strip()).append('"');
			}
			out.line(facts.append('.'));
			PDFTextStripper stripper = new BudgetedStripper(budget);
			int maxPages = budget.limits().maxPages();
			for (int page = 1; page <= pages; page++) {
				if (out.full() || page > maxPages) {
					String which = page == pages ? "page " + page : "pages " + page + "-" + pages;
					out.omitted(page > maxPages ? which + " (not read: at most " + maxPages + " pages are read per file)"
							: which);
					return;
				}
				budget.check();
				stripper.setStartPage(page);
				stripper.setEndPage(page);
				String text = stripper.getText(document).strip();
				out.line("--- page " + page + " ---");
				out.line(text.isEmpty() ? "(no text on this page)" : text);
			}
		}
	}

	/** A text stripper that looks at the extraction's clock while it collects glyphs. */
	private static final class BudgetedStripper extends PDFTextStripper {

		private final ExtractionBudget budget;

		BudgetedStripper(ExtractionBudget budget) throws IOException {
			this.budget = budget;
		}

		@Override
		protected void processTextPosition(TextPosition text) {
			budget.tick();
			super.processTextPosition(text);
		}
	}
}
