package io.toolgate.plugins.websearch;

/** A search that could not be done; the message is written for the model (and the person reading the log). */
class SearchFailure extends Exception {

	SearchFailure(String message) {
		super(message);
	}

	SearchFailure(String message, Throwable cause) {
		super(message, cause);
	}
}
