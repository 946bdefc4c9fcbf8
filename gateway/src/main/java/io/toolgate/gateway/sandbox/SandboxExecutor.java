package io.toolgate.gateway.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.ExecStartCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.toolgate.gateway.metrics.GatewayMetrics;
import io.toolgate.plugin.api.Sandbox.ExecRequest;
import io.toolgate.plugin.api.Sandbox.ExecResult;

/**
 * Runs one command in a container: in the requested directory under {@code /workspace}, wrapped in coreutils'
 * {@code timeout} (Docker cannot kill an exec), with stdout and stderr captured separately and capped.
 *
 * <p>The wall-clock limit is enforced twice: {@code timeout -s KILL} kills the command's process group inside the
 * container; if the exec has still not ended shortly after the limit (a process left the group), every process
 * carrying this exec's marker variable is killed, and if even that cannot run (a fork bomb holds every pid),
 * the container is killed; it restarts on next use with the workspace intact.
 */
class SandboxExecutor {

	private static final Logger log = LoggerFactory.getLogger(SandboxExecutor.class);

	/** Time after the limit for the in-container kill to take effect before the gateway steps in. */
	private static final Duration GRACE = Duration.ofSeconds(3);

	private static final String MARKER = "TOOLGATE_EXEC";

	private final DockerEngine engine;

	private final SandboxContainers containers;

	private final SandboxProperties properties;

	private final GatewayMetrics metrics;

	private final SandboxWorkspaces workspaces;

	SandboxExecutor(DockerEngine engine, SandboxContainers containers, SandboxProperties properties,
			GatewayMetrics metrics, SandboxWorkspaces workspaces) {
		this.workspaces = workspaces;
		this.engine = engine;
		this.containers = containers;
		this.properties = properties;
		this.metrics = metrics;
	}

	ExecResult exec(ContainerKey key, ExecRequest request) throws InterruptedException, java.io.IOException {
		String workdir = containerWorkdir(request.workdir());
		Duration timeout = request.timeout() == null || request.timeout().isZero() || request.timeout().isNegative()
				? properties.defaultTimeout() : request.timeout();
		if (request.command().isEmpty()) {
			throw new IllegalArgumentException("no command to run");
		}
		String containerId = containers.acquire(key);
		long started = System.nanoTime();
		try {
			ExecResult result;
			try {
				result = run(key, containerId, request, workdir, timeout);
			}
			catch (NotFoundException | ConflictException containerGone) {
				// The container was stopped (idle) or removed behind our back: start it again, once.
				containers.markStopped(key);
				result = run(key, containers.startHeld(key), request, workdir, timeout);
			}
			metrics.sandboxExec(result.timedOut() ? "timeout" : result.exitCode() == 0 ? "ok" : "error",
					result.duration());
			return result;
		}
		catch (RuntimeException e) {
			metrics.sandboxExec("failed", Duration.ofNanos(System.nanoTime() - started));
			throw e;
		}
		finally {
			containers.release(key);
		}
	}

	private ExecResult run(ContainerKey key, String containerId, ExecRequest request, String workdir, Duration timeout)
			throws InterruptedException, java.io.IOException {
		String marker = UUID.randomUUID().toString();
		List<String> env = new ArrayList<>();
		for (Map.Entry<String, String> variable : request.env().entrySet()) {
			env.add(variable.getKey() + "=" + variable.getValue());
		}
		env.add(MARKER + "=" + marker);
		long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
		// Standard input goes through a file in the workspace: the engine's attached stdin is never closed by
		// the zerodep transport, so a command reading to EOF would wait for its timeout.
		Path stdinFile = request.stdin() == null ? null : workspaces.writeInput(key.userId(), marker, request.stdin());
		String redirect = stdinFile == null ? "" : " < /workspace/" + stdinFile.getFileName();
		List<String> command = new ArrayList<>(List.of("sh", "-c",
				"mkdir -p -- \"$0\" && cd -- \"$0\" && exec timeout -s KILL " + seconds + " \"$@\"" + redirect, workdir));
		command.addAll(request.command());
		try {
			return start(key, containerId, command, env, timeout, marker);
		}
		finally {
			if (stdinFile != null) {
				java.nio.file.Files.deleteIfExists(stdinFile);
			}
		}
	}

	private ExecResult start(ContainerKey key, String containerId, List<String> command, List<String> env,
			Duration timeout, String marker) throws InterruptedException {
		ExecCreateCmd create = engine.control()
			.execCreateCmd(containerId)
			.withCmd(command.toArray(String[]::new))
			.withEnv(env)
			.withAttachStdout(true)
			.withAttachStderr(true);
		String execId = create.exec().getId();

		CappedOutput stdout = new CappedOutput(properties.outputLimit());
		CappedOutput stderr = new CappedOutput(properties.outputLimit());
		long started = System.nanoTime();
		ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
			@Override
			public void onNext(Frame frame) {
				if (frame.getStreamType() == StreamType.STDERR) {
					stderr.append(frame.getPayload());
				}
				else if (frame.getStreamType() == StreamType.STDOUT || frame.getStreamType() == StreamType.RAW) {
					stdout.append(frame.getPayload());
				}
			}
		};
		ExecStartCmd start = engine.streams().execStartCmd(execId);
		try (ResultCallback.Adapter<Frame> running = start.exec(callback)) {
			boolean ended;
			try {
				ended = running.awaitCompletion(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException e) {
				// The tool call itself was cancelled or timed out: the command must not outlive it.
				stopStraggler(key, containerId, marker);
				throw e;
			}
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			if (!ended) {
				stopStraggler(key, containerId, marker);
				return new ExecResult(-1, stdout.text(), stderr.text(), true, took);
			}
			InspectExecResponse inspected = engine.control().inspectExecCmd(execId).exec();
			Long exit = inspected.getExitCodeLong();
			int exitCode = exit == null ? -1 : exit.intValue();
			// timeout -s KILL kills its own process group, itself included: 137 at the limit means the timeout.
			boolean timedOut = (exitCode == 137 || exitCode == 124) && took.compareTo(timeout) >= 0;
			if (timedOut) {
				// What left the process group (setsid) survived timeout's kill: find it by its marker.
				stopStraggler(key, containerId, marker);
			}
			return new ExecResult(timedOut ? -1 : exitCode, stdout.text(), stderr.text(), timedOut, took);
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException("the command's output stream failed: " + e.getMessage(), e);
		}
	}

	/** Kills what is left of a command that outlived its limit (see the class comment). */
	private void stopStraggler(ContainerKey key, String containerId, String marker) {
		// A few passes, because a process may fork while the first pass runs; exit 1 if some still remain.
		String script = "for i in 1 2 3 4 5; do found=0; for p in /proc/[0-9]*; do "
				+ "if tr '\\0' '\\n' < $p/environ 2>/dev/null | grep -qx '" + MARKER + "=" + marker + "'; then "
				+ "kill -9 ${p#/proc/} 2>/dev/null; found=1; fi; done; [ $found = 0 ] && exit 0; done; exit 1";
		try {
			String execId = engine.control().execCreateCmd(containerId).withCmd("sh", "-c", script).exec().getId();
			try (ResultCallback.Adapter<Frame> cleanup = engine.streams()
				.execStartCmd(execId)
				.exec(new ResultCallback.Adapter<>())) {
				cleanup.awaitCompletion(15, TimeUnit.SECONDS);
			}
			Long exit = engine.control().inspectExecCmd(execId).exec().getExitCodeLong();
			if (exit != null && exit == 0) {
				return;
			}
			log.warn("could not clean up a timed-out command in sandbox container {} (exit {}); killing the container",
					containerId, exit);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (java.io.IOException | RuntimeException e) {
			log.warn("could not clean up a timed-out command in sandbox container {} ({}); killing the container",
					containerId, SandboxContainers.rootMessage(e));
		}
		containers.kill(key, containerId);
	}

	/** {@code /workspace} or a directory under it; anything that would leave it is refused. */
	static String containerWorkdir(String workdir) {
		Path base = Path.of("/workspace");
		Path resolved = base.resolve(workdir == null ? "" : workdir.replaceFirst("^/workspace/?", "")).normalize();
		if (!resolved.startsWith(base)) {
			throw new IllegalArgumentException("the working directory must be inside /workspace: " + workdir);
		}
		return resolved.toString();
	}
}
