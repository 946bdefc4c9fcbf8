package io.toolgate.gateway.knowledge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.tika.Tika;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.springframework.ai.document.Document;
import org.springframework.ai.reader.pdf.PagePdfDocumentReader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.stereotype.Component;

/**
 * Turns a file into text documents: one per page for PDFs (Spring AI's {@link PagePdfDocumentReader}, so passages
 * can cite their page), one for anything else Apache Tika can read (Word, Excel, PowerPoint, HTML, Markdown, CSV,
 * plain text ...). The type is sniffed from the content, not taken from the name. Blocking: runs on the knowledge
 * workers.
 */
@Component
public class DocumentExtractor {

	private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\u00A0]+");

	private static final Pattern BLANK_LINES = Pattern.compile("\\s*\\n\\s*\\n\\s*");

	private final KnowledgeProperties properties;

	public DocumentExtractor(KnowledgeProperties properties) {
		this.properties = properties;
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
			throw new IngestFailure("server_error", "cannot read the file: " + e.getMessage(), e);
		}
		if (size == 0) {
			throw IngestFailure.unsupported("'" + name + "' is empty");
		}
		if (size > properties.maxFileSize().toBytes()) {
			throw IngestFailure.unsupported("the file has " + size + " bytes, more than toolgate.knowledge.max-file-size ("
					+ properties.maxFileSize().toBytes() + ")");
		}
		List<Document> documents = "application/pdf".equals(mediaType) ? pdfPages(file, name) : tikaText(tika, file, name,
				mediaType);
		if (documents.isEmpty()) {
			throw IngestFailure.unsupported("no text found in '" + name + "' (" + mediaType
					+ "); scanned documents and images need OCR, which this gateway does not do");
		}
		return new Extracted(mediaType, documents);
	}

	private List<Document> pdfPages(Path file, String name) {
		List<Document> pages = new ArrayList<>();
		int chars = 0;
		try (PdfPageReader reader = new PdfPageReader(new FileSystemResource(file))) {
			for (Document page : reader.get()) {
				String text = tidy(page.getText());
				if (text.isEmpty() || chars >= properties.maxTextChars()) {
					continue;
				}
				text = text.substring(0, Math.min(text.length(), properties.maxTextChars() - chars));
				chars += text.length();
				Document document = new Document(text);
				document.getMetadata().put(CollectionVectors.FILE_NAME, name);
				document.getMetadata().put(CollectionVectors.PAGE, page.getMetadata().get(PagePdfDocumentReader.METADATA_START_PAGE_NUMBER));
				pages.add(document);
			}
		}
		catch (RuntimeException e) {
			throw pdfFailure(name, e);
		}
		return pages;
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

	private List<Document> tikaText(Tika tika, Path file, String name, String mediaType) {
		tika.setMaxStringLength(properties.maxTextChars());
		String text;
		try {
			text = tidy(tika.parseToString(file));
		}
		catch (EncryptedDocumentException e) {
			throw IngestFailure.invalid("'" + name + "' is encrypted; add a copy without a password", e);
		}
		catch (TikaException | IOException e) {
			throw IngestFailure.invalid("cannot read '" + name + "' (" + mediaType + "): " + e.getMessage(), e);
		}
		if (text.isEmpty()) {
			return List.of();
		}
		Document document = new Document(text);
		document.getMetadata().put(CollectionVectors.FILE_NAME, name);
		return List.of(document);
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
