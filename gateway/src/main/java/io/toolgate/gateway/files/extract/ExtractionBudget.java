package io.toolgate.gateway.files.extract;

import java.time.Duration;

import io.toolgate.gateway.files.FilesProperties;

/**
 * What one extraction may still spend: time until its deadline, spreadsheet cells, PDF pages and characters of
 * document XML. Parsers call {@link #check()} (and the counting methods) from inside their loops and SAX
 * callbacks, so an extraction stops for real at its deadline: interrupting the thread alone does not stop a SAX
 * parser or POI. One budget per extraction, used by one thread.
 */
public final class ExtractionBudget {

	private final long deadline;

	private final Duration timeout;

	private final FilesProperties.Extraction limits;

	private long cells;

	private long xmlChars;

	private int calls;

	/** A budget whose clock starts now. */
	public ExtractionBudget(FilesProperties.Extraction limits, Duration timeout) {
		this.limits = limits;
		this.timeout = timeout;
		this.deadline = System.nanoTime() + timeout.toNanos();
	}

	public FilesProperties.Extraction limits() {
		return limits;
	}

	/**
	 * Throws when the deadline has passed or the thread was interrupted (the caller gave up on the result).
	 * @throws ExtractionLimitException then
	 */
	public void check() {
		if (Thread.currentThread().isInterrupted() || System.nanoTime() - deadline > 0) {
			throw new ExtractionLimitException(
					"The content could not be extracted within " + timeout.toMillis() / 1000.0 + " s.");
		}
	}

	/** Cheap enough for every SAX callback: looks at the clock once in 256 calls. */
	void tick() {
		if ((++calls & 0xFF) == 0) {
			check();
		}
	}

	/** Counts a spreadsheet cell; false once {@code max-cells} are read (the caller stops reading). */
	boolean cell() {
		tick();
		return ++cells <= limits.maxCells();
	}

	/** Counts characters of document XML; false once {@code max-xml-chars} are read (the caller stops reading). */
	boolean xmlChars(int count) {
		tick();
		xmlChars += count;
		return xmlChars <= limits.maxXmlChars();
	}
}
