package io.toolgate.plugins.terminal;

import java.time.Duration;

import io.toolgate.plugin.api.Sandbox;

/** The text the model reads about a finished command. */
final class ExecReport {

	private ExecReport() {
	}

	static String of(Sandbox.ExecResult result, Duration timeout) {
		StringBuilder text = new StringBuilder();
		if (result.timedOut()) {
			text.append("The command did not finish within ").append(timeout.toSeconds())
				.append(" s and was killed.\n");
		}
		else {
			text.append("exit code: ").append(result.exitCode()).append('\n');
		}
		text.append("stdout:\n").append(result.stdout().isEmpty() ? "(empty)" : result.stdout());
		if (!result.stdout().endsWith("\n")) {
			text.append('\n');
		}
		text.append("stderr:\n").append(result.stderr().isEmpty() ? "(empty)" : result.stderr());
		return text.toString().stripTrailing();
	}
}
