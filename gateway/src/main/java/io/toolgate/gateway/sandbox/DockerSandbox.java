package io.toolgate.gateway.sandbox;

import io.toolgate.plugin.api.Sandbox;

/** The sandbox one tool call sees: commands run in the container of its user (and session, and network). */
record DockerSandbox(SandboxExecutor executor, ContainerKey key) implements Sandbox {

	@Override
	public ExecResult exec(ExecRequest request) throws Exception {
		return executor.exec(key, request);
	}
}
