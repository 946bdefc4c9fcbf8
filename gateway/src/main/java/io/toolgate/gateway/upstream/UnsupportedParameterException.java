package io.toolgate.gateway.upstream;

/** A request asks for something an upstream type cannot do; answered as a 400 naming the parameter. */
public class UnsupportedParameterException extends RuntimeException {

	private final String param;

	public UnsupportedParameterException(String param, String message) {
		super(message);
		this.param = param;
	}

	public String param() {
		return param;
	}
}
