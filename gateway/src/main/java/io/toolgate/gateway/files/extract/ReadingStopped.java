package io.toolgate.gateway.files.extract;

/**
 * Thrown from inside a SAX callback to stop a parser once a count budget (cells, characters) is spent: what was
 * read so far is kept and the model is told where reading stopped. Not an error, so it carries no stack trace.
 */
final class ReadingStopped extends RuntimeException {

	ReadingStopped() {
		super("reading stopped at a budget", null, false, false);
	}
}
