package io.toolgate.gateway.files;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Files settings ({@code toolgate.files}).
 *
 * @param maxSize largest file accepted (uploads, tool artifacts, inline attachments)
 * @param sweepInterval how often files past their {@code expires_at} are deleted
 * @param attachments how file parts of chat messages become prompt text
 * @param extraction what one extraction may read at most, so that a crafted file cannot exhaust the gateway
 * @param quota how much one user may keep through uploads
 */
@ConfigurationProperties("toolgate.files")
public record FilesProperties(DataSize maxSize, Duration sweepInterval, Attachments attachments,
		Extraction extraction, Quota quota) {

	public FilesProperties {
		maxSize = maxSize == null ? DataSize.ofMegabytes(100) : maxSize;
		sweepInterval = sweepInterval == null ? Duration.ofMinutes(10) : sweepInterval;
		attachments = attachments == null ? new Attachments(0, null, 0, 0) : attachments;
		extraction = extraction == null ? new Extraction(0, 0, 0, null, 0, null) : extraction;
		quota = quota == null ? new Quota(1000, DataSize.ofGigabytes(2)) : quota;
	}

	/**
	 * Bounds on reading one file, whatever its size on disk says (a 7 MB XLSX can hold 2,000,000 cells).
	 *
	 * @param maxCells spreadsheet cells read per file; counting stops there and the model is told
	 * @param maxPages PDF pages read per file; the rest are named as not read
	 * @param maxXmlChars characters of document text (DOCX body, shared strings of a spreadsheet) parsed per file,
	 * shown or not; reading stops there
	 * @param maxEntrySize largest uncompressed part of an Office file (a ZIP); a larger one is refused
	 * @param minInflateRatio smallest compressed-to-uncompressed ratio of a part of an Office file; a part that
	 * expands more (a zip bomb) is refused
	 * @param knowledgeTimeout longest text extraction of one file added to a knowledge collection (attachments
	 * use {@code attachments.timeout})
	 */
	public record Extraction(long maxCells, int maxPages, long maxXmlChars, DataSize maxEntrySize,
			double minInflateRatio, Duration knowledgeTimeout) {

		public Extraction {
			maxCells = maxCells <= 0 ? 200_000 : maxCells;
			maxPages = maxPages <= 0 ? 500 : maxPages;
			maxXmlChars = maxXmlChars <= 0 ? 5_000_000 : maxXmlChars;
			maxEntrySize = maxEntrySize == null ? DataSize.ofMegabytes(256) : maxEntrySize;
			minInflateRatio = minInflateRatio <= 0 ? 0.01 : minInflateRatio;
			knowledgeTimeout = knowledgeTimeout == null ? Duration.ofMinutes(5) : knowledgeTimeout;
		}
	}

	/**
	 * @param maxChars characters of extracted text one request may inject, shared by its file parts
	 * @param timeout longest extraction of one file; after it the model is told the file could not be read
	 * @param workers threads that extract (a bounded pool: Tika, PDFBox and POI block)
	 * @param sampleRows rows of a table (CSV, spreadsheet sheet) shown after its header
	 */
	public record Attachments(int maxChars, Duration timeout, int workers, int sampleRows) {

		public Attachments {
			maxChars = maxChars <= 0 ? 20_000 : maxChars;
			timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
			workers = workers <= 0 ? 2 : workers;
			sampleRows = sampleRows <= 0 ? 5 : sampleRows;
		}
	}

	/**
	 * Per-user limits on uploads (files a user has that have not expired; tool artifacts are not counted).
	 *
	 * @param maxFiles most files one user may have; 0 for no limit
	 * @param maxBytes most bytes one user's files may take together; 0 for no limit
	 */
	public record Quota(int maxFiles, DataSize maxBytes) {

		public Quota {
			maxFiles = Math.max(0, maxFiles);
			maxBytes = maxBytes == null ? DataSize.ofBytes(0) : maxBytes;
		}
	}
}
