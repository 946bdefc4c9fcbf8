package io.toolgate.gateway.files.extract;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.RichTextString;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The shared strings of an XLSX, streamed (SAX) and kept only up to a number of strings and characters: a model
 * sees a header and a few sample rows, which refer to the first strings, while POI's tables would hold all of
 * them (millions in a crafted file). A string past what was kept, or past the {@code max-xml-chars} that are
 * parsed at all, reads as {@code "…"}.
 */
final class SampledSharedStrings implements SharedStrings {

	static final String UNKNOWN = "…";

	private final List<String> kept = new ArrayList<>();

	private int count;

	SampledSharedStrings(InputStream xml, int maxStrings, int maxChars, ExtractionBudget budget) throws Exception {
		XMLReader reader = XMLHelper.newXMLReader();
		reader.setContentHandler(new DefaultHandler() {

			private final StringBuilder text = new StringBuilder();

			private int keptChars;

			private boolean inText;

			private int phonetic;

			@Override
			public void startElement(String uri, String local, String qName, Attributes attributes) {
				budget.tick();
				switch (local) {
					case "si" -> text.setLength(0);
					case "t" -> inText = phonetic == 0;
					case "rPh" -> phonetic++;
					default -> {
					}
				}
			}

			@Override
			public void endElement(String uri, String local, String qName) {
				switch (local) {
					case "t" -> inText = false;
					case "rPh" -> phonetic--;
					case "si" -> {
						count++;
						if (kept.size() < maxStrings && keptChars + text.length() <= maxChars) {
							kept.add(text.toString());
							keptChars += text.length();
						}
						text.setLength(0);
					}
					default -> {
					}
				}
			}

			@Override
			public void characters(char[] ch, int start, int length) {
				if (!budget.xmlChars(length)) {
					throw new ReadingStopped();
				}
				// Only what could still be kept is buffered: one huge string must not fill the heap either.
				if (inText && text.length() < maxChars) {
					text.append(ch, start, Math.min(length, maxChars - text.length()));
				}
			}
		});
		try {
			reader.parse(new InputSource(xml));
		}
		catch (ReadingStopped enough) {
			// the strings read so far are kept; later ones read as UNKNOWN
		}
	}

	@Override
	public RichTextString getItemAt(int idx) {
		return new XSSFRichTextString(idx >= 0 && idx < kept.size() ? kept.get(idx) : UNKNOWN);
	}

	@Override
	public int getCount() {
		return count;
	}

	@Override
	public int getUniqueCount() {
		return count;
	}
}
