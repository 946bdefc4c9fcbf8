package io.toolgate.gateway.knowledge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Real PDF and DOCX files made with PDFBox and Apache POI, each page or paragraph a list of lines. */
public final class TestDocuments {

	/** Filler so a fact sits among other text, as in a real document. */
	public static final List<String> FILLER = List.of(
			"This handbook describes the daily routines of the research station.",
			"Visitors register at the front desk and receive a badge for the day.",
			"The cafeteria serves lunch from noon until two in the afternoon.",
			"Laboratory equipment must be cleaned after every experiment.",
			"Weekly meetings take place on Monday mornings in the main hall.");

	private TestDocuments() {
	}

	/** A PDF with one page per entry, each page the given lines. */
	public static byte[] pdf(List<List<String>> pages) {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			for (List<String> lines : pages) {
				PDPage page = new PDPage();
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.beginText();
					content.setFont(font, 11);
					content.setLeading(15);
					content.newLineAtOffset(60, 720);
					for (String line : lines) {
						content.showText(line);
						content.newLine();
					}
					content.endText();
				}
			}
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A Word document with one paragraph per entry. */
	static byte[] docx(List<String> paragraphs) {
		try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			for (String text : paragraphs) {
				document.createParagraph().createRun().setText(text);
			}
			document.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
