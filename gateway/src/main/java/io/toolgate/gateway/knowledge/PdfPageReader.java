package io.toolgate.gateway.knowledge;

import java.io.IOException;

import org.springframework.ai.reader.pdf.PagePdfDocumentReader;
import org.springframework.core.io.Resource;

/** Spring AI's page-per-document PDF reader, closing the PDFBox document it keeps open. */
final class PdfPageReader extends PagePdfDocumentReader implements AutoCloseable {

	PdfPageReader(Resource pdf) {
		super(pdf);
	}

	@Override
	public void close() {
		try {
			document.close();
		}
		catch (IOException ignored) {
			// read-only: nothing was written that could be lost
		}
	}
}
