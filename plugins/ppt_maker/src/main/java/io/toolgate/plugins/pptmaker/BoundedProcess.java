package io.toolgate.plugins.pptmaker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command with a wall-clock limit and, when the limit passes or the calling thread is interrupted, kills
 * the whole process tree (the Marp CLI starts Node, which starts Chromium, which starts its own helpers; killing
 * only the first process would leave a browser running).
 */
final class BoundedProcess {

	/**
	 * How a run ended.
	 *
	 * @param exitCode the exit code, or -1 when killed
	 * @param output standard output and error, merged, at most the cap's characters (the end is kept)
	 * @param timedOut whether the limit killed it
	 */
	record Outcome(int exitCode, String output, boolean timedOut) {
	}

	private static final int OUTPUT_CAP = 16_000;

	private BoundedProcess() {
	}

	/**
	 * Runs the command in {@code directory} with these extra environment variables.
	 * @throws IOException when it cannot be started (e.g. the program does not exist)
	 * @throws InterruptedException when the calling thread is interrupted (the tree is killed first)
	 */
	static Outcome run(List<String> command, Path directory, Map<String, String> environment, Duration limit)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		process.getOutputStream().close();
		CapturedOutput output = new CapturedOutput(process.getInputStream());
		Thread pump = new Thread(output, "ppt_maker-output");
		pump.setDaemon(true);
		pump.start();
		boolean finished;
		try {
			finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			killTree(process.toHandle());
			throw e;
		}
		if (!finished) {
			killTree(process.toHandle());
			pump.join(2000);
			return new Outcome(-1, output.text(), true);
		}
		pump.join(2000);
		return new Outcome(process.exitValue(), output.text(), false);
	}

	/**
	 * Kills a process and every descendant. The tree is read before anything is killed (a killed parent's
	 * children are re-parented and could no longer be found from it), the root goes first so it starts nothing
	 * new, and a few passes catch children started in between.
	 */
	static void killTree(ProcessHandle root) {
		Set<ProcessHandle> known = new LinkedHashSet<>();
		known.add(root);
		for (int pass = 0; pass < 5; pass++) {
			List<ProcessHandle> alive = new ArrayList<>();
			for (ProcessHandle handle : List.copyOf(known)) {
				if (handle.isAlive()) {
					alive.add(handle);
					handle.descendants().forEach(known::add);
				}
			}
			known.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
			if (alive.isEmpty()) {
				break;
			}
			for (ProcessHandle handle : known) {
				try {
					handle.onExit().get(500, TimeUnit.MILLISECONDS);
				}
				catch (Exception e) {
					// still alive (or not our child to wait for): the next pass looks again
				}
			}
		}
	}

	/** Reads a process's output as it comes, keeping the last {@link #OUTPUT_CAP} characters. */
	private static final class CapturedOutput implements Runnable {

		private final InputStream input;

		private final StringBuilder text = new StringBuilder();

		CapturedOutput(InputStream input) {
			this.input = input;
		}

		@Override
		public void run() {
			byte[] buffer = new byte[8192];
			try (input) {
				int read;
				while ((read = input.read(buffer)) >= 0) {
					append(new String(buffer, 0, read, StandardCharsets.UTF_8));
				}
			}
			catch (IOException e) {
				// the process went away
			}
		}

		private synchronized void append(String chunk) {
			text.append(chunk);
			if (text.length() > OUTPUT_CAP) {
				text.delete(0, text.length() - OUTPUT_CAP);
			}
		}

		synchronized String text() {
			return text.toString();
		}
	}
}
