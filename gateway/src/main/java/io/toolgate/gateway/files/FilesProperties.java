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
 * @param quota how much one user may keep through uploads
 */
@ConfigurationProperties("toolgate.files")
public record FilesProperties(DataSize maxSize, Duration sweepInterval, Attachments attachments, Quota quota) {

	public FilesProperties {
		maxSize = maxSize == null ? DataSize.ofMegabytes(100) : maxSize;
		sweepInterval = sweepInterval == null ? Duration.ofMinutes(10) : sweepInterval;
		attachments = attachments == null ? new Attachments(0, null, 0, 0) : attachments;
		quota = quota == null ? new Quota(1000, DataSize.ofGigabytes(2)) : quota;
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
}
