package io.toolgate.gateway.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.apache.tika.Tika;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.apache.tika.sax.WriteOutContentHandler;
import org.springframework.ai.document.Document;
import org.springframework.stereotype.Component;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

import io.toolgate.gateway.files.FilesProperties;
import io.toolgate.gateway.files.extract.ExtractionBudget;
import io.toolgate.gateway.files.extract.ExtractionLimitException;

/**
 * Turns a file into text documents: one per page for PDFs (PDFBox, so passages
 * can cite their page), one for anything else Apache Tika can read (Word, Excel, PowerPoint, HTML, Markdown, CSV,
 * plain text ...). The type is sniffed from the content, not taken from the name. Blocking: runs on the knowledge
 * workers.
 */
@Component
public class DocumentExtractor {

	private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\u00A0]+");

	private static final Pattern BLANK_LINES = Pattern.compile("\\s*\\n\\s*\\n\\s*");

	private final KnowledgeProperties properties;

	private final FilesProperties files;

	public DocumentExtractor(KnowledgeProperties properties, FilesProperties files) {
		this.properties = properties;
		this.files = files;
	}

	/** The text of a file, with its media type. */
	public record Extracted(String mediaType, List<Document> documents) {
	}

	public Extracted extract(Path file, String name) {
		long size;
		String mediaType;
		Tika tika = new Tika();
		try {
			size = Files.size(file);
			mediaType = tika.detect(file);
		}
		catch (IOException e) {
			// The exception names the server path of the stored file: it goes to the log, not to the client.
			throw new IngestFailure("server_error", "cannot read the stored file '" + name + "'", e);
		}
		if (size == 0) {
			throw IngestFailure.unsupported("'" + name + "' is empty");
		}
		if (size > properties.maxFileSize().toBytes()) {
			throw IngestFailure.unsupported("the file has " + size + " bytes, more than toolgate.knowledge.max-file-size ("
					+ properties.maxFileSize().toBytes() + ")");
		}
		ExtractionBudget budget = new ExtractionBudget(files.extraction(), files.extraction().knowledgeTimeout());
		List<Document> documents;
		try {
			documents = "application/pdf".equals(mediaType) ? pdfPages(file, name, budget)
					: tikaText(file, name, mediaType, budget);
		}
		catch (ExtractionLimitException e) {
			throw IngestFailure.invalid("'" + name + "' was not read: " + e.getMessage(), e);
		}
		if (documents.isEmpty()) {
			throw IngestFailure.unsupported("no text found in '" + name + "' (" + mediaType
					+ "); scanned documents and images need OCR, which this gateway does not do");
		}
		return new Extracted(mediaType, documents);
	}

	/**
	 * One document per page, at most {@code toolgate.files.extraction.max-pages} pages, within the budget's
	 * deadline (checked per glyph); PDFBox buffers decoded streams in temporary files, not the heap.
	 */
	private List<Document> pdfPages(Path file, String name, ExtractionBudget budget) {
		List<Document> pages = new ArrayList<>();
		int chars = 0;
		try (PDDocument pdf = Loader.loadPDF(file.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
			int last = Math.min(pdf.getNumberOfPages(), files.extraction().maxPages());
			PDFTextStripper stripper = new BudgetedTextStripper(budget);
			for (int number = 1; number <= last && chars < properties.maxTextChars(); number++) {
				budget.check();
				stripper.setStartPage(number);
				stripper.setEndPage(number);
				String text = tidy(stripper.getText(pdf));
				if (text.isEmpty()) {
					continue;
				}
				text = text.substring(0, Math.min(text.length(), properties.maxTextChars() - chars));
				chars += text.length();
				Document document = new Document(text);
				document.getMetadata().put(CollectionVectors.FILE_NAME, name);
				document.getMetadata().put(CollectionVectors.PAGE, number);
				pages.add(document);
			}
		}
		catch (IOException e) {
			throw pdfFailure(name, new java.io.UncheckedIOException(e));
		}
		catch (RuntimeException e) {
			if (e instanceof ExtractionLimitException) {
				throw e;
			}
			throw pdfFailure(name, e);
		}
		return pages;
	}

	/** PDFBox's text stripper, looking at the extraction's clock while it collects glyphs. */
	private static final class BudgetedTextStripper extends PDFTextStripper {

		private final ExtractionBudget budget;

		BudgetedTextStripper(ExtractionBudget budget) {
			this.budget = budget;
		}

		@Override
		protected void processTextPosition(TextPosition text) {
			budget.check();
			super.processTextPosition(text);
		}
	}

	private static IngestFailure pdfFailure(String name, RuntimeException error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidPasswordException) {
				return IngestFailure.invalid("'" + name + "' is an encrypted PDF; add a copy without a password", error);
			}
			if (cause instanceof IOException io) {
				return IngestFailure.invalid("'" + name + "' is not a readable PDF: " + io.getMessage(), error);
			}
		}
		throw error;
	}

	/**
	 * Tika's text of anything but PDF, streamed: Word and PowerPoint through Tika's SAX extractors (not POI's
	 * document model), at most {@code max-text-chars} characters, embedded documents (archives in archives) not
	 * opened, and the budget's deadline checked in every SAX callback. Tika's own SecureContentHandler (the
	 * AutoDetectParser's) refuses XML that expands like a bomb; POI's zip guard refuses parts over the limits of
	 * {@code toolgate.files.extraction}.
	 */
	private List<Document> tikaText(Path file, String name, String mediaType, ExtractionBudget budget) {
		ParseContext context = new ParseContext();
		OfficeParserConfig office = new OfficeParserConfig();
		office.setUseSAXDocxExtractor(true);
		office.setUseSAXPptxExtractor(true);
		context.set(OfficeParserConfig.class, office);
		context.set(EmbeddedDocumentExtractor.class, new NoEmbeddedDocuments());
		WriteOutContentHandler text = new WriteOutContentHandler(properties.maxTextChars());
		ContentHandler handler = new ContentHandlerDecorator(new BodyContentHandler(text)) {

			@Override
			public void startElement(String uri, String local, String qName, org.xml.sax.Attributes atts)
					throws SAXException {
				budget.check();
				super.startElement(uri, local, qName, atts);
			}

			@Override
			public void characters(char[] ch, int start, int length) throws SAXException {
				budget.check();
				super.characters(ch, start, length);
			}
		};
		try (InputStream in = TikaInputStream.get(file)) {
			new AutoDetectParser().parse(in, handler, new Metadata(), context);
		}
		catch (EncryptedDocumentException e) {
			throw IngestFailure.invalid("'" + name + "' is encrypted; add a copy without a password", e);
		}
		catch (SAXException e) {
			if (!WriteLimitReachedException.isWriteLimitReached(e)) {
				throw limitOr(e, unreadable(name, mediaType, e));
			}
			// max-text-chars reached: the text so far is what the collection gets
		}
		catch (TikaException | IOException | RuntimeException e) {
			throw limitOr(e, unreadable(name, mediaType, e));
		}
		String tidied = tidy(text.toString());
		if (tidied.isEmpty()) {
			return List.of();
		}
		Document document = new Document(tidied);
		document.getMetadata().put(CollectionVectors.FILE_NAME, name);
		return List.of(document);
	}

	/**
	 * The limit a failure comes from, which Tika wraps ("Unexpected RuntimeException from ..."): the deadline of
	 * the budget, or POI's zip-bomb guard in words; otherwise {@code other}.
	 */
	private static RuntimeException limitOr(Throwable e, RuntimeException other) {
		for (Throwable cause = e; cause != null; cause = cause.getCause()) {
			if (cause instanceof ExtractionLimitException limit) {
				return limit;
			}
			String message = cause.getMessage() == null ? "" : cause.getMessage();
			if (message.startsWith("Zip bomb detected")) {
				return new ExtractionLimitException("a part of it expands beyond the limits of toolgate.files.extraction"
						+ " (min-inflate-ratio, max-entry-size), as zip bombs do");
			}
		}
		return other;
	}

	private static IngestFailure unreadable(String name, String mediaType, Exception e) {
		return IngestFailure.invalid("cannot read '" + name + "' (" + mediaType + "): "
				+ (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
	}

	/** Embedded documents (attachments, archives inside archives) are not parsed: their text is not the file's. */
	private static final class NoEmbeddedDocuments implements EmbeddedDocumentExtractor {

		@Override
		public boolean shouldParseEmbedded(Metadata metadata) {
			return false;
		}

		@Override
		public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
			// never called: shouldParseEmbedded says no
		}
	}

	/** Layout-preserving extraction pads with spaces; they cost tokens and say nothing. */
	static String tidy(String text) {
		if (text == null) {
			return "";
		}
		String collapsed = SPACES.matcher(text).replaceAll(" ");
		return BLANK_LINES.matcher(collapsed).replaceAll("\n\n").strip();
	}
}
