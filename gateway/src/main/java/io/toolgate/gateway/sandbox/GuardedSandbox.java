package io.toolgate.gateway.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.toolgate.plugin.api.Sandbox;

/**
 * Turns the engine's failures into one clear message for the tool (and the model), and has the sandbox's state
 * rechecked, so {@code /healthz} learns of an engine that went away without waiting for the next check.
 */
record GuardedSandbox(Sandbox delegate, SandboxService service) implements Sandbox {

	@Override
	public ExecResult exec(ExecRequest request) throws Exception {
		return guarded(() -> delegate.exec(request));
	}

	@Override
	public List<Path> copyOut(String path) throws Exception {
		return guarded(() -> delegate.copyOut(path));
	}

	private <T> T guarded(Callable<T> call) throws Exception {
		try {
			return call.call();
		}
		catch (SandboxUnavailableException e) {
			service.reportFailure(e);
			throw e;
		}
		catch (IllegalArgumentException | SandboxRefusedException e) {
			// The request or a limit of the user's: the engine is fine.
			throw e;
		}
		catch (RuntimeException e) {
			service.reportFailure(e);
			throw new SandboxUnavailableException("the sandbox could not run the command: "
					+ SandboxContainers.rootMessage(e), e);
		}
	}
}
