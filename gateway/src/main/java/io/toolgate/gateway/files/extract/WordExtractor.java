package io.toolgate.gateway.files.extract;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.openxml4j.opc.PackagingURIHelper;
import org.apache.poi.util.XMLHelper;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Word documents (DOCX): title and author, paragraph and table counts, then the body in order, headings marked
 * with {@code #}, tables as rows of cells separated by {@code |}. The body ({@code word/document.xml}) is
 * streamed with SAX, never built as POI's document model: only the text that fits the excerpt is kept, and
 * parsing stops after {@code max-xml-chars} characters of text (the counts then say "at least").
 */
final class WordExtractor implements FormatExtractor {

	static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

	@Override
	public boolean accepts(String mediaType, String filename) {
		return DOCX.equals(mediaType);
	}

	@Override
	public void extract(Path file, String filename, Excerpt out, ExtractionBudget budget) throws Exception {
		try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
			var core = pkg.getPackageProperties();
			Body body = new Body(out.limit(), budget);
			PackagePart main = mainPart(pkg);
			if (main != null) {
				XMLReader reader = XMLHelper.newXMLReader();
				reader.setContentHandler(body);
				try (InputStream xml = main.getInputStream()) {
					reader.parse(new InputSource(xml));
				}
				catch (ReadingStopped enough) {
					body.stopped = true;
				}
			}
			String atLeast = body.stopped ? "at least " : "";
			StringBuilder facts = new StringBuilder("Word document, ").append(atLeast)
				.append(body.paragraphs)
				.append(" paragraphs, ")
				.append(atLeast)
				.append(body.tables)
				.append(" tables");
			core.getTitleProperty().filter(t -> !t.isBlank()).ifPresent(t -> facts.append(", title \"").append(t.strip()).append('"'));
			core.getCreatorProperty()
				.filter(c -> !c.isBlank())
				.ifPresent(c -> facts.append(", author \"").append(c.strip()).append('"'));
			out.line(facts.append('.'));
			out.append(body.text);
			out.dropped(body.droppedChars);
			if (body.stopped) {
				out.omitted("the rest of the document (reading stopped after "
						+ String.format("%,d", budget.limits().maxXmlChars()) + " characters, the limit of one file)");
			}
		}
	}

	private static PackagePart mainPart(OPCPackage pkg) throws Exception {
		var relations = pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT);
		if (relations.isEmpty()) {
			return null;
		}
		return pkg.getPart(PackagingURIHelper.createPartName(relations.getRelationship(0).getTargetURI()));
	}

	/** The body as it streams by: paragraphs and table rows become lines, kept up to the excerpt's size. */
	private static final class Body extends DefaultHandler {

		private final int keep;

		private final ExtractionBudget budget;

		final StringBuilder text = new StringBuilder();

		long droppedChars;

		long paragraphs;

		long tables;

		boolean stopped;

		private final StringBuilder paragraph = new StringBuilder();

		private String heading = "";

		private boolean inText;

		private int tableDepth;

		private final List<String> cells = new ArrayList<>();

		private final StringBuilder cell = new StringBuilder();

		Body(int keep, ExtractionBudget budget) {
			this.keep = keep;
			this.budget = budget;
		}

		@Override
		public void startElement(String uri, String local, String qName, Attributes attributes) {
			budget.tick();
			switch (local) {
				case "p" -> {
					paragraph.setLength(0);
					heading = "";
				}
				case "pStyle" -> heading = heading(attributes.getValue(uri, "val"));
				case "t" -> inText = true;
				case "tab" -> paragraph.append(' ');
				case "tbl" -> {
					if (tableDepth++ == 0) {
						tables++;
					}
				}
				case "tr" -> cells.clear();
				case "tc" -> cell.setLength(0);
				default -> {
				}
			}
		}

		@Override
		public void endElement(String uri, String local, String qName) {
			switch (local) {
				case "t" -> inText = false;
				case "p" -> {
					String line = paragraph.toString().strip();
					if (tableDepth > 0) {
						if (!line.isEmpty()) {
							cell.append(cell.isEmpty() ? "" : " ").append(line);
						}
					}
					else {
						paragraphs++;
						if (!line.isEmpty()) {
							line(heading + line);
						}
					}
					paragraph.setLength(0);
				}
				case "tc" -> {
					if (tableDepth == 1) {
						cells.add(cell.toString().strip());
					}
				}
				case "tr" -> {
					if (tableDepth == 1) {
						line("| " + String.join(" | ", cells) + " |");
					}
				}
				case "tbl" -> tableDepth--;
				default -> {
				}
			}
		}

		@Override
		public void characters(char[] ch, int start, int length) {
			if (!budget.xmlChars(length)) {
				throw new ReadingStopped();
			}
			// A paragraph is buffered only up to what could be kept: one huge run must not fill the heap.
			if (inText) {
				int room = Math.max(0, keep - paragraph.length());
				paragraph.append(ch, start, Math.min(length, room));
				droppedChars += Math.max(0, length - room);
			}
		}

		private void line(String line) {
			int room = Math.max(0, keep - text.length());
			if (line.length() + 1 <= room) {
				text.append(line).append('\n');
			}
			else {
				text.append(line, 0, Math.min(room, line.length()));
				droppedChars += line.length() + 1 - Math.min(room, line.length());
			}
		}

		/** {@code # } for Heading1/Title styles, {@code ## } for Heading2 and so on. */
		private static String heading(String style) {
			if (style == null) {
				return "";
			}
			String lower = style.toLowerCase(Locale.ROOT);
			if (lower.equals("title")) {
				return "# ";
			}
			if (lower.startsWith("heading") && lower.length() > 7 && Character.isDigit(lower.charAt(7))) {
				return "#".repeat(Math.max(1, Math.min(6, lower.charAt(7) - '0'))) + " ";
			}
			return "";
		}
	}
}
