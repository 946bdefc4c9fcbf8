package io.toolgate.gateway.sandbox;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

/**
 * Kills the processes of one command in its container: those whose real group id is the command's
 * ({@link ExecGroups}). This runs as a second command of the container's own user and group, with its output
 * attached so that its end is really awaited (an exec started without attached streams returns at once, while
 * it still runs).
 */
final class ExecProcesses {

	/** What a kill found. */
	enum Outcome {
		/** None of the command's processes was left. */
		NONE_LEFT,
		/** Some were left and are now gone. */
		KILLED,
		/** They could not be killed (no process could be started, or they kept coming back). */
		FAILED
	}

	/**
	 * Kill passes until none is left: a process may fork while a pass runs. Zombies (already dead, waiting for
	 * init to reap them) do not count as left.
	 */
	private static final String SCRIPT = "killed=0; for i in $(seq 1 40); do "
			+ "pgrep -G \"$0\" -r R,S,D,T,t,I >/dev/null || { echo $killed; exit 0; }; "
			+ "pkill -KILL -G \"$0\"; killed=1; sleep 0.05; done; exit 1";

	private final DockerEngine engine;

	ExecProcesses(DockerEngine engine) {
		this.engine = engine;
	}

	Outcome kill(String containerId, long gid) throws InterruptedException {
		try {
			String execId = engine.control()
				.execCreateCmd(containerId)
				.withCmd("sh", "-c", SCRIPT, Long.toString(gid))
				.withAttachStdout(true)
				.withAttachStderr(true)
				.exec()
				.getId();
			StringBuilder out = new StringBuilder();
			try (ResultCallback.Adapter<Frame> cleanup = engine.streams()
				.execStartCmd(execId)
				.exec(new ResultCallback.Adapter<>() {
					@Override
					public void onNext(Frame frame) {
						if (frame.getStreamType() == StreamType.STDOUT || frame.getStreamType() == StreamType.RAW) {
							out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
						}
					}
				})) {
				if (!cleanup.awaitCompletion(15, TimeUnit.SECONDS)) {
					return Outcome.FAILED;
				}
			}
			Long exit = engine.control().inspectExecCmd(execId).exec().getExitCodeLong();
			if (exit == null || exit != 0) {
				return Outcome.FAILED;
			}
			return out.toString().trim().equals("1") ? Outcome.KILLED : Outcome.NONE_LEFT;
		}
		catch (IOException | RuntimeException e) {
			return Outcome.FAILED;
		}
	}
}
