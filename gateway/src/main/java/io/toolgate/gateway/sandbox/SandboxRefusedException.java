package io.toolgate.gateway.sandbox;

/**
 * The sandbox will not run a command now because of a limit of the user's or of the host's (workspace quota,
 * free disk space); the message names the limit, for the model and the user. The engine itself is fine.
 */
public class SandboxRefusedException extends RuntimeException {

	public SandboxRefusedException(String message) {
		super(message);
	}
}
