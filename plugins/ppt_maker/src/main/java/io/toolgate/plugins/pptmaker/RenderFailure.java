package io.toolgate.plugins.pptmaker;

/** A deck that could not be rendered; the message says why, for the model and the person reading the log. */
class RenderFailure extends Exception {

	RenderFailure(String message) {
		super(message);
	}

	RenderFailure(String message, Throwable cause) {
		super(message, cause);
	}
}
