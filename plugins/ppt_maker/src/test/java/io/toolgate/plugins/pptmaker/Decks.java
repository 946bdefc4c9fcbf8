package io.toolgate.plugins.pptmaker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

/** Decks for the tests, and the counts of what came out. */
final class Decks {

	private static final Pattern SLIDE_ENTRY = Pattern.compile("ppt/slides/slide\\d+\\.xml");

	private Decks() {
	}

	/** Marp markdown of {@code n} slides, the first a title slide. */
	static String of(int n) {
		StringBuilder md = new StringBuilder("---\nmarp: true\npaginate: true\n---\n\n# Quarterly review\n\nWhere we stand\n");
		for (int i = 2; i <= n; i++) {
			md.append("\n---\n\n## Topic ").append(i).append("\n\n- point one\n- point two\n");
		}
		return md.toString();
	}

	static int pdfPages(Path pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			return document.getNumberOfPages();
		}
	}

	static long pptxSlides(Path pptx) throws IOException {
		try (ZipFile zip = new ZipFile(pptx.toFile())) {
			return zip.stream().filter(entry -> SLIDE_ENTRY.matcher(entry.getName()).matches()).count();
		}
	}
}
