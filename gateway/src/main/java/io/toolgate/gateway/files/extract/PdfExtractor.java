package io.toolgate.gateway.files.extract;

import java.nio.file.Path;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;

/** PDF (PDFBox): page count, title and author, then the text page by page until the budget is spent. */
final class PdfExtractor implements FormatExtractor {

	@Override
	public boolean accepts(String mediaType, String filename) {
		return "application/pdf".equals(mediaType);
	}

	@Override
	public void extract(Path file, String filename, Excerpt out) throws Exception {
		try (PDDocument document = Loader.loadPDF(file.toFile())) {
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
			PDFTextStripper stripper = new PDFTextStripper();
			for (int page = 1; page <= pages; page++) {
				if (out.full()) {
					out.omitted(page == pages ? "page " + page : "pages " + page + "-" + pages);
					return;
				}
				FormatExtractor.stopIfInterrupted();
				stripper.setStartPage(page);
				stripper.setEndPage(page);
				String text = stripper.getText(document).strip();
				out.line("--- page " + page + " ---");
				out.line(text.isEmpty() ? "(no text on this page)" : text);
			}
		}
	}
}
