package io.toolgate.gateway.sandbox;

/** The sandbox cannot run anything now (engine unreachable, image missing); the message says what to do. */
public class SandboxUnavailableException extends RuntimeException {

	public SandboxUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}
}
