package io.toolgate.gateway.upstream;

/** A request asks for something an upstream type cannot do; answered as a 400 naming the parameter. */
public class UnsupportedParameterException extends RuntimeException {

	private final String param;

	private final String code;

	public UnsupportedParameterException(String param, String message) {
		this(param, message, "unsupported_parameter");
	}

	public UnsupportedParameterException(String param, String message, String code) {
		super(message);
		this.param = param;
		this.code = code;
	}

	public String param() {
		return param;
	}

	/** OpenAI's error code, e.g. {@code unsupported_parameter} or {@code context_length_exceeded}. */
	public String code() {
		return code;
	}
}
