package io.toolgate.gateway.files.extract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * Word documents (DOCX, Apache POI): title and author, paragraph and table counts, then the body in order,
 * headings marked with {@code #}, tables as rows of cells separated by {@code |}.
 */
final class WordExtractor implements FormatExtractor {

	static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

	@Override
	public boolean accepts(String mediaType, String filename) {
		return DOCX.equals(mediaType);
	}

	@Override
	public void extract(Path file, String filename, Excerpt out) throws Exception {
		try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
				XWPFDocument document = new XWPFDocument(pkg)) {
			var core = document.getProperties().getCoreProperties();
			StringBuilder facts = new StringBuilder("Word document, ").append(document.getParagraphs().size())
				.append(" paragraphs, ").append(document.getTables().size()).append(" tables");
			if (core.getTitle() != null && !core.getTitle().isBlank()) {
				facts.append(", title \"").append(core.getTitle().strip()).append('"');
			}
			if (core.getCreator() != null && !core.getCreator().isBlank()) {
				facts.append(", author \"").append(core.getCreator().strip()).append('"');
			}
			out.line(facts.append('.'));
			List<IBodyElement> elements = document.getBodyElements();
			for (int i = 0; i < elements.size(); i++) {
				if (out.full()) {
					out.omitted((elements.size() - i) + " more paragraphs and tables");
					return;
				}
				FormatExtractor.stopIfInterrupted();
				IBodyElement element = elements.get(i);
				if (element instanceof XWPFParagraph paragraph) {
					String text = paragraph.getText().strip();
					if (!text.isEmpty()) {
						out.line(heading(paragraph) + text);
					}
				}
				else if (element instanceof XWPFTable table) {
					for (XWPFTableRow row : table.getRows()) {
						List<String> cells = new ArrayList<>();
						for (XWPFTableCell cell : row.getTableCells()) {
							cells.add(cell.getText().strip().replace('\n', ' '));
						}
						out.line("| " + String.join(" | ", cells) + " |");
					}
				}
			}
		}
	}

	/** {@code # } for Heading1/Title styles, {@code ## } for Heading2 and so on. */
	private static String heading(XWPFParagraph paragraph) {
		String style = paragraph.getStyle();
		if (style == null) {
			return "";
		}
		String lower = style.toLowerCase(java.util.Locale.ROOT);
		if (lower.equals("title")) {
			return "# ";
		}
		if (lower.startsWith("heading") && lower.length() > 7 && Character.isDigit(lower.charAt(7))) {
			return "#".repeat(Math.min(6, lower.charAt(7) - '0')) + " ";
		}
		return "";
	}
}
