package io.toolgate.gateway.sandbox;

import java.nio.file.Path;
import java.util.List;

import io.toolgate.plugin.api.Sandbox;

/**
 * The sandbox one tool call sees: commands run in the container of its user (and session, and network); processes
 * they leave running survive them only when the tool's settings allow background processes.
 */
record DockerSandbox(SandboxExecutor executor, SandboxCopier copier, ContainerKey key, boolean background)
		implements Sandbox {

	@Override
	public ExecResult exec(ExecRequest request) throws Exception {
		return executor.exec(key, request, background);
	}

	@Override
	public List<Path> copyOut(String path) throws Exception {
		return copier.copyOut(key, path);
	}
}
