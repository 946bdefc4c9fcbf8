package io.toolgate.gateway.files.extract;

/**
 * An extraction stopped because a file exceeded what the gateway reads (time, a zip part's size or expansion
 * ratio). The message is meant for the model and the user: it names the limit, never a server path.
 */
public final class ExtractionLimitException extends RuntimeException {

	public ExtractionLimitException(String message) {
		super(message, null, false, false);
	}
}
