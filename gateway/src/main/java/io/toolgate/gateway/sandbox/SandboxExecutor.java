package io.toolgate.gateway.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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
 * {@code timeout} (Docker cannot kill an exec) and {@code prlimit} (RLIMIT_FSIZE: what the workspace quota still
 * allows), with stdout and stderr captured separately and capped.
 *
 * <p>Each command runs with a group id of its own ({@link ExecGroups}), which every process it starts keeps. When
 * the command times out, crosses a disk limit while running, or returns while processes it started still run
 * (and its tool does not allow background processes), exactly the processes with that group id are killed by a
 * second exec; the user's other commands in the same container are untouched. Only when even that cannot run
 * (a fork bomb holds every pid) is the container restarted, and the next command's result says why.
 */
class SandboxExecutor {

	private static final Logger log = LoggerFactory.getLogger(SandboxExecutor.class);

	/** Time after the limit for the in-container kill to take effect before the gateway steps in. */
	private static final Duration GRACE = Duration.ofSeconds(3);

	/** Exit code of a process killed by SIGXFSZ: it wrote past RLIMIT_FSIZE. */
	private static final int FILE_TOO_LARGE = 128 + 25;

	private final DockerEngine engine;

	private final SandboxContainers containers;

	private final SandboxProperties properties;

	private final GatewayMetrics metrics;

	private final SandboxWorkspaces workspaces;

	private final WorkspaceLimits limits;

	private final ExecGroups groups;

	private final ExecProcesses processes;

	SandboxExecutor(DockerEngine engine, SandboxContainers containers, SandboxProperties properties,
			GatewayMetrics metrics, SandboxWorkspaces workspaces, WorkspaceLimits limits) {
		this.workspaces = workspaces;
		this.engine = engine;
		this.containers = containers;
		this.properties = properties;
		this.metrics = metrics;
		this.limits = limits;
		this.groups = new ExecGroups(properties.execGidBase());
		this.processes = new ExecProcesses(engine);
	}

	/**
	 * Runs a command.
	 * @param background whether processes the command leaves running may outlive it (the tool's setting)
	 * @throws SandboxRefusedException when a disk limit forbids running anything now
	 */
	ExecResult exec(ContainerKey key, ExecRequest request, boolean background)
			throws InterruptedException, java.io.IOException {
		String workdir = containerWorkdir(request.workdir());
		Duration timeout = request.timeout() == null || request.timeout().isZero() || request.timeout().isNegative()
				? properties.defaultTimeout() : request.timeout();
		if (request.command().isEmpty()) {
			throw new IllegalArgumentException("no command to run");
		}
		long room;
		try {
			room = limits.admit(key.userId());
		}
		catch (SandboxRefusedException e) {
			metrics.sandboxExec("refused", Duration.ZERO);
			throw e;
		}
		String containerId = containers.acquire(key);
		long started = System.nanoTime();
		try {
			Run run = new Run(key, request, workdir, timeout, background, room);
			ExecResult result;
			try {
				result = run.in(containerId);
			}
			catch (NotFoundException | ConflictException containerGone) {
				// The container was stopped (idle) or removed behind our back: start it again, once.
				containers.markStopped(key);
				result = run.in(containers.startHeld(key));
			}
			String notice = containers.takeNotice(key);
			if (notice != null) {
				result = withNote(result, notice);
			}
			metrics.sandboxExec(run.outcome(result), result.duration());
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

	/** One command in one container, and what became of it. */
	private final class Run {

		private final ContainerKey key;

		private final ExecRequest request;

		private final String workdir;

		private final Duration timeout;

		private final boolean background;

		private final long room;

		/** Why the command was stopped before it ended (a disk limit), or null. */
		private String stoppedBecause;

		Run(ContainerKey key, ExecRequest request, String workdir, Duration timeout, boolean background, long room) {
			this.key = key;
			this.request = request;
			this.workdir = workdir;
			this.timeout = timeout;
			this.background = background;
			this.room = room;
		}

		String outcome(ExecResult result) {
			if (stoppedBecause != null) {
				return "over_limit";
			}
			return result.timedOut() ? "timeout" : result.exitCode() == 0 ? "ok" : "error";
		}

		ExecResult in(String containerId) throws InterruptedException, java.io.IOException {
			long gid = groups.next();
			List<String> env = new ArrayList<>();
			for (Map.Entry<String, String> variable : request.env().entrySet()) {
				env.add(variable.getKey() + "=" + variable.getValue());
			}
			long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
			// Standard input goes through a file in the workspace: the engine's attached stdin is never closed by
			// the zerodep transport, so a command reading to EOF would wait for its timeout.
			Path stdinFile = request.stdin() == null ? null
					: workspaces.writeInput(key.userId(), UUID.randomUUID().toString(), request.stdin());
			String redirect = stdinFile == null ? "" : " < /workspace/" + stdinFile.getFileName();
			List<String> command = new ArrayList<>(List.of("sh", "-c", "mkdir -p -- \"$0\" && cd -- \"$0\" && exec prlimit"
					+ " --fsize=" + room + " -- timeout -s KILL " + seconds + " \"$@\"" + redirect, workdir));
			command.addAll(request.command());
			try {
				return start(containerId, command, env, gid);
			}
			finally {
				if (stdinFile != null) {
					java.nio.file.Files.deleteIfExists(stdinFile);
				}
			}
		}

		private ExecResult start(String containerId, List<String> command, List<String> env, long gid)
				throws InterruptedException {
			ExecCreateCmd create = engine.control()
				.execCreateCmd(containerId)
				.withUser(workspaces.uid() + ":" + gid)
				.withCmd(command.toArray(String[]::new))
				.withEnv(env)
				.withAttachStdout(true)
				.withAttachStderr(true);
			String execId = create.exec().getId();

			CappedOutput stdout = new CappedOutput(properties.outputLimit());
			CappedOutput stderr = new CappedOutput(properties.outputLimit());
			long started = System.nanoTime();
			long deadline = started + timeout.plus(GRACE).toNanos();
			// Waited on in steps: the callback's own timed await closes the stream when it times out.
			CountDownLatch done = new CountDownLatch(1);
			ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
				@Override
				public void onComplete() {
					done.countDown();
					super.onComplete();
				}

				@Override
				public void onError(Throwable throwable) {
					done.countDown();
					super.onError(throwable);
				}

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
				boolean ended = false;
				try {
					long interval = properties.limitCheckInterval().toNanos();
					while (!ended) {
						long left = deadline - System.nanoTime();
						if (left <= 0) {
							break;
						}
						ended = done.await(Math.min(left, interval), TimeUnit.NANOSECONDS);
						if (!ended) {
							long measuring = System.nanoTime();
							stoppedBecause = limits.breach(key.userId());
							if (stoppedBecause != null) {
								break;
							}
							// A workspace of many files takes a while to measure: at most a fifth of the time goes to it.
							interval = Math.max(properties.limitCheckInterval().toNanos(),
									4 * (System.nanoTime() - measuring));
						}
					}
				}
				catch (InterruptedException e) {
					// The tool call itself was cancelled or timed out: the command must not outlive it.
					stop(containerId, gid, "the tool call was cancelled while the command ran");
					throw e;
				}
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				if (ended) {
					// Rethrows what failed the stream (a container removed meanwhile: the caller starts it again).
					running.awaitCompletion(0, TimeUnit.NANOSECONDS);
				}
				if (!ended) {
					List<String> notes = new ArrayList<>();
					String failure = stop(containerId, gid, stoppedBecause != null ? "the command crossed a disk limit"
							: "the command outlived its time limit of " + seconds(timeout));
					if (stoppedBecause != null) {
						notes.add("the command was stopped: " + stoppedBecause);
					}
					if (failure != null) {
						notes.add(failure);
					}
					return withNotes(new ExecResult(-1, stdout.text(), stderr.text(), stoppedBecause == null, took),
							notes);
				}
				InspectExecResponse inspected = engine.control().inspectExecCmd(execId).exec();
				Long exit = inspected.getExitCodeLong();
				int exitCode = exit == null ? -1 : exit.intValue();
				// timeout -s KILL kills its own process group, itself included: 137 at the limit means the timeout.
				boolean timedOut = (exitCode == 137 || exitCode == 124) && took.compareTo(timeout) >= 0;
				List<String> notes = new ArrayList<>();
				if (timedOut || !background) {
					// Whatever the command started and left running (in another session or process group, or
					// under another name) goes with it, unless its tool allows background processes.
					ExecProcesses.Outcome left = processes.kill(containerId, gid);
					if (left == ExecProcesses.Outcome.FAILED) {
						notes.add(restart(containerId, timedOut ? "the command outlived its time limit of "
								+ seconds(timeout) : "the command left processes running"));
					}
					else if (left == ExecProcesses.Outcome.KILLED && !timedOut) {
						notes.add("processes this command left running in the background were stopped when it returned"
								+ " (this tool does not allow background processes)");
					}
				}
				if (exitCode == FILE_TOO_LARGE) {
					notes.add("a file reached the size limit of " + WorkspaceLimits.size(room)
							+ " that the workspace quota and the free disk space left this command");
				}
				String after = limits.breach(key.userId());
				if (after != null) {
					notes.add("further commands will be refused: " + after);
				}
				return withNotes(new ExecResult(timedOut ? -1 : exitCode, stdout.text(), stderr.text(), timedOut, took),
						notes);
			}
			catch (java.io.IOException e) {
				throw new IllegalStateException("the command's output stream failed: " + e.getMessage(), e);
			}
		}

		/**
		 * Kills the command's processes; restarts the container when they cannot be killed.
		 * @return the note telling of a restart, or null when the kill worked
		 */
		private String stop(String containerId, long gid, String why) throws InterruptedException {
			if (processes.kill(containerId, gid) != ExecProcesses.Outcome.FAILED) {
				return null;
			}
			return restart(containerId, why);
		}

		private String restart(String containerId, String why) {
			String note = "the sandbox container was restarted because " + why
					+ " and its processes could not be stopped otherwise (they may have taken every process slot);"
					+ " everything running in it was stopped and /tmp emptied, /workspace is kept";
			log.warn("sandbox container {}: {}", containerId, note);
			// The note goes with this command's result, not the next one's.
			containers.kill(key, containerId);
			return note;
		}
	}

	private static String seconds(Duration duration) {
		return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	private static ExecResult withNotes(ExecResult result, List<String> notes) {
		ExecResult noted = result;
		for (String note : notes) {
			noted = withNote(noted, note);
		}
		return noted;
	}

	/** Appends a note of the sandbox's to the command's stderr, where the model reads why something happened. */
	static ExecResult withNote(ExecResult result, String note) {
		String stderr = result.stderr().isEmpty() || result.stderr().endsWith("\n") ? result.stderr()
				: result.stderr() + "\n";
		return new ExecResult(result.exitCode(), result.stdout(), stderr + "[sandbox: " + note + "]\n",
				result.timedOut(), result.duration());
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
