package io.toolgate.gateway.upstream.llamacpp;

import io.toolgate.gateway.upstream.UnsupportedParameterException;

/** The messages do not fit the model's context; answered as 400 {@code context_length_exceeded}. */
public class PromptTooLongException extends UnsupportedParameterException {

	public PromptTooLongException(String message) {
		super("messages", message, "context_length_exceeded");
	}
}
