package io.toolgate.gateway.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.toolgate.plugin.api.Sandbox;
import io.toolgate.plugin.api.Sandbox.ExecResult;

import static io.toolgate.gateway.sandbox.TestSandbox.sh;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real Docker engine: a command's processes, and only those, go when it times out or returns (issue 13,
 * items 5 and 6). What another command of the same user runs meanwhile keeps running, in the same container.
 */
class SandboxCommandIsolationTest {

	/** Lists the processes that are not the listing command's own (other group id): "docker-init sleep" when idle. */
	static final String OTHERS = "ps -e -o rgid=,comm= | awk -v me=$(id -g) '$1 != me {print $2}' | sort | tr '\\n' ' '";

	@TempDir
	static Path dataDir;

	static TestSandbox sandbox;

	@BeforeAll
	static void start() {
		TestSandbox.Settings settings = new TestSandbox.Settings();
		settings.pids = 64;
		sandbox = new TestSandbox(dataDir, settings);
		assertThat(sandbox.service.checkNow()).as("Docker and the sandbox image are required: %s",
				sandbox.service.problem()).isTrue();
	}

	@AfterAll
	static void stop() throws Exception {
		sandbox.removeAll();
		sandbox.close();
	}

	@Test
	void aTimedOutCommandKillsOnlyItsOwnProcessesNotTheUsersOtherCommandsNorTheContainer() throws Exception {
		Sandbox user = sandbox.forUser("parallel", null);
		user.exec(sh("true", Duration.ofSeconds(20)));
		String container = sandbox.containerId("parallel");
		CompletableFuture<ExecResult> other = CompletableFuture.supplyAsync(() -> {
			try {
				return sandbox.forUser("parallel", "other-session").exec(sh("sleep 8; echo other-done",
						Duration.ofSeconds(40)));
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		Thread.sleep(1000);
		// Leaves the process group (setsid), scrubs the environment (env -i), double-forks so that init adopts it,
		// and keeps stdout open so the exec cannot end by itself.
		ExecResult timedOut = user.exec(sh("setsid env -i /bin/sh -c '(sleep 600 &); exec sleep 601'",
				Duration.ofSeconds(2)));
		assertThat(timedOut.timedOut()).as(timedOut.toString()).isTrue();
		assertThat(timedOut.exitCode()).isEqualTo(-1);

		ExecResult otherResult = other.get(60, TimeUnit.SECONDS);
		assertThat(otherResult.stdout()).isEqualTo("other-done\n");
		assertThat(otherResult.exitCode()).isZero();
		assertThat(sandbox.containerId("parallel")).as("the container was not restarted").isEqualTo(container);
		assertThat(user.exec(sh(OTHERS, Duration.ofSeconds(20))).stdout()).isEqualTo("docker-init sleep ");
	}

	@Test
	void aCpuHogLeftInTheBackgroundIsKilledWhenTheCommandReturns() throws Exception {
		Sandbox user = sandbox.forUser("hogger", null);
		ExecResult result = user.exec(sh("setsid sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 & echo started",
				Duration.ofSeconds(20)));
		assertThat(result.stdout()).as(result.toString()).isEqualTo("started\n");
		assertThat(result.exitCode()).isZero();
		assertThat(result.timedOut()).isFalse();
		assertThat(result.stderr()).contains("left running in the background were stopped");
		ExecResult others = user.exec(sh(OTHERS, Duration.ofSeconds(20)));
		assertThat(others.stdout()).as(others.toString()).isEqualTo("docker-init sleep ");
	}

	@Test
	void aForkBombLeftInTheBackgroundIsGoneAndTheNextCommandsWork() throws Exception {
		Sandbox user = sandbox.forUser("bomber", null);
		// Forks until the container's pids limit, and keeps trying, detached from the command's output.
		ExecResult result = user.exec(sh("(while :; do sleep 1000 & done) </dev/null >/dev/null 2>&1 & sleep 2; echo started",
				Duration.ofSeconds(20)));
		assertThat(result.stdout()).isEqualTo("started\n");
		assertThat(result.exitCode()).isZero();
		// Killed by its group id, or (when it holds every pid) by restarting the container: either way, said so.
		assertThat(result.stderr()).containsAnyOf("left running in the background were stopped",
				"the sandbox container was restarted");
		for (int i = 0; i < 3; i++) {
			ExecResult next = user.exec(sh("echo alive; " + OTHERS, Duration.ofSeconds(20)));
			assertThat(next.stdout()).isEqualTo("alive\ndocker-init sleep ");
		}
	}

	@Test
	void aToolThatAllowsBackgroundProcessesKeepsThemRunning() throws Exception {
		Sandbox server = sandbox.forUserWithBackground("server");
		ExecResult started = server.exec(sh("sleep 300 </dev/null >/dev/null 2>&1 & echo started", Duration.ofSeconds(20)));
		assertThat(started.stdout()).isEqualTo("started\n");
		assertThat(started.stderr()).isEmpty();
		assertThat(server.exec(sh(OTHERS, Duration.ofSeconds(20))).stdout()).isEqualTo("docker-init sleep sleep ");
		// A timeout still takes everything of the timed-out command.
		ExecResult timedOut = server.exec(sh("sleep 500 & sleep 501", Duration.ofSeconds(2)));
		assertThat(timedOut.timedOut()).isTrue();
		assertThat(server.exec(sh(OTHERS + "; pgrep -c -x sleep", Duration.ofSeconds(20))).stdout())
			.isEqualTo("docker-init sleep sleep 2\n");
	}
}
