package io.toolgate.plugin.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs commands in the calling user's isolated container (no network unless configured, limited resources).
 * The container's {@code /workspace} is the user's workspace ({@link ToolContext#workspace()} on the host), and
 * the user's uploaded files are mounted read-only at {@code /data}.
 */
public interface Sandbox {

	/**
	 * Runs a command and waits for it (or its timeout).
	 * @param request what to run
	 * @return exit code and captured output
	 * @throws Exception when the sandbox cannot run anything (e.g. no container engine)
	 */
	ExecResult exec(ExecRequest request) throws Exception;

	/**
	 * Copies what commands wrote out of the container, to hand it to the user as artifacts. Paths resolve inside
	 * the container, so a link there can never reach a file of the gateway's host; only regular files are copied,
	 * into a directory only the gateway can write, and their paths are accepted as {@link Artifact} files.
	 * @param path a file or directory under {@code /workspace} (absolute, or relative to it)
	 * @return the copied regular files, each at its path relative to {@code path} under a fresh directory
	 * @throws Exception when the path does not exist, leaves the workspace, or is larger than the gateway allows
	 */
	List<java.nio.file.Path> copyOut(String path) throws Exception;

	/**
	 * A command to run.
	 *
	 * @param command the program and its arguments (use {@code List.of("sh", "-c", script)} for shell syntax)
	 * @param workdir working directory relative to the workspace ({@code /workspace} inside the container)
	 * @param timeout wall-clock limit; the process is killed when it passes
	 * @param env extra environment variables
	 * @param stdin text for standard input, or null
	 */
	record ExecRequest(List<String> command, String workdir, Duration timeout, Map<String, String> env, String stdin) {

		/** Keeps the collections never null. */
		public ExecRequest {
			command = List.copyOf(command);
			env = env == null ? Map.of() : Map.copyOf(env);
			workdir = workdir == null ? "" : workdir;
		}
	}

	/**
	 * The outcome of a command.
	 *
	 * @param exitCode the process's exit code (-1 when killed by the timeout)
	 * @param stdout standard output, capped
	 * @param stderr standard error, capped
	 * @param timedOut whether the timeout killed it
	 * @param duration how long it ran
	 */
	record ExecResult(int exitCode, String stdout, String stderr, boolean timedOut, Duration duration) {
	}
}
