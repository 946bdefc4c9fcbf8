package io.toolgate.gateway.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import io.toolgate.plugin.api.Sandbox;
import io.toolgate.plugin.api.Sandbox.ExecResult;

import static io.toolgate.gateway.sandbox.SandboxCommandIsolationTest.OTHERS;
import static io.toolgate.gateway.sandbox.TestSandbox.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On a real Docker engine: the workspace quota, the data disk's floor and the CPU saturation restart (issue 13,
 * items 6 and 7). Each test has its own data directory and containers.
 */
class SandboxResourceLimitsTest {

	private static final long QUOTA_MB = 40;

	@TempDir
	Path dataDir;

	private TestSandbox quotaSandbox() {
		TestSandbox.Settings settings = new TestSandbox.Settings();
		settings.workspaceQuota = DataSize.ofMegabytes(QUOTA_MB);
		settings.limitCheckInterval = Duration.ofMillis(200);
		return new TestSandbox(dataDir, settings);
	}

	@Test
	void oneFileCannotGrowPastTheWorkspaceQuotaAndLaterCommandsAreRefused() throws Exception {
		try (TestSandbox sandbox = quotaSandbox()) {
			try {
				Sandbox user = sandbox.forUser("filler", null);
				ExecResult result = user.exec(sh("dd if=/dev/zero of=big bs=1M count=2000", Duration.ofSeconds(60)));
				assertThat(result.exitCode()).as(result.toString()).isNotZero();
				assertThat(result.stderr()).contains("File size limit exceeded").contains("size limit of");
				assertThat(Files.size(dataDir.resolve("workspaces/filler/big"))).isLessThanOrEqualTo(QUOTA_MB << 20);
				assertThatThrownBy(() -> user.exec(sh("echo more > more", Duration.ofSeconds(20))))
					.isInstanceOf(SandboxRefusedException.class)
					.hasMessageContaining("quota of 40.0 MiB")
					.hasMessageContaining("toolgate.sandbox.workspace-quota")
					.hasMessageNotContaining(dataDir.toString());
				assertThat(Files.exists(dataDir.resolve("workspaces/filler/more"))).isFalse();
				// Other users are not affected.
				assertThat(sandbox.forUser("neighbour", null).exec(sh("echo fine", Duration.ofSeconds(20))).stdout())
					.isEqualTo("fine\n");
			}
			finally {
				sandbox.removeAll();
			}
		}
	}

	@Test
	void manyFilesWrittenAtOnceAreStoppedSoonAfterTheQuotaIsCrossed() throws Exception {
		try (TestSandbox sandbox = quotaSandbox()) {
			try {
				Sandbox user = sandbox.forUser("spreader", null);
				// 100 files of 30 MB, each under the quota alone: 3 GB if nothing stopped it.
				ExecResult result = user.exec(sh("for i in $(seq 1 100); do head -c 30M /dev/zero > f$i; done; echo all-written",
						Duration.ofSeconds(120)));
				assertThat(result.stdout()).as(result.toString()).doesNotContain("all-written");
				assertThat(result.stderr()).contains("the command was stopped").contains("quota of 40.0 MiB");
				long used = new WorkspaceLimits(TestSandbox.workspaces(dataDir), sandbox.properties).usage("spreader");
				System.out.printf("workspace quota %d MiB, used after the stopped command %.1f MiB (over by %.1f MiB)%n",
						QUOTA_MB, used / 1048576.0, (used - (QUOTA_MB << 20)) / 1048576.0);
				// The bound is what the disk writes in one check interval: far below the 3 GB asked for.
				assertThat(used).isLessThan(1500L << 20);
				assertThatThrownBy(() -> user.exec(sh("true", Duration.ofSeconds(20))))
					.isInstanceOf(SandboxRefusedException.class);
			}
			finally {
				sandbox.removeAll();
			}
		}
	}

	@Test
	void commandsAndCopiesAreRefusedWhileTheDataDiskIsUnderItsFloor() throws Exception {
		TestSandbox.Settings settings = new TestSandbox.Settings();
		settings.minFreeDisk = DataSize.ofTerabytes(100_000);
		try (TestSandbox sandbox = new TestSandbox(dataDir, settings)) {
			try {
				Sandbox user = sandbox.forUser("writer", null);
				assertThatThrownBy(() -> user.exec(sh("echo x > x", Duration.ofSeconds(20))))
					.isInstanceOf(SandboxRefusedException.class)
					.hasMessageContaining("data disk has only")
					.hasMessageContaining("toolgate.sandbox.min-free-disk")
					.hasMessageNotContaining(dataDir.toString());
				assertThatThrownBy(() -> user.copyOut("x"))
					.isInstanceOf(SandboxRefusedException.class)
					.hasMessageContaining("toolgate.sandbox.min-free-disk");
				assertThat(sandbox.containerCount()).as("nothing was started").isZero();
			}
			finally {
				sandbox.removeAll();
			}
		}
	}

	private TestSandbox cpuSandbox() {
		TestSandbox.Settings settings = new TestSandbox.Settings();
		// A small share, so that a spinning loop saturates it even on a busy machine (load 26 on 2 cores seen).
		settings.cpus = 0.05;
		settings.cpuSaturationPeriod = Duration.ofSeconds(3);
		return new TestSandbox(dataDir, settings);
	}

	@Test
	void aContainerThatBackgroundProcessesKeepSaturatedIsRestartedAndTheNextCommandSaysWhy() throws Exception {
		try (TestSandbox sandbox = cpuSandbox()) {
			try {
				Sandbox user = sandbox.forUserWithBackground("spinner");
				ExecResult started = user.exec(sh("setsid sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 & echo started",
						Duration.ofSeconds(20)));
				assertThat(started.stdout()).isEqualTo("started\n");
				// The cap itself: Docker's CFS quota of 0.05 CPUs on the container.
				assertThat(sandbox.engine().control().inspectContainerCmd(sandbox.containerId("spinner")).exec()
					.getHostConfig().getNanoCPUs()).isEqualTo(50_000_000L);
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
				while (sandbox.containerId("spinner") != null && System.nanoTime() < deadline) {
					sandbox.service.cpuWatch().check();
					Thread.sleep(1000);
				}
				assertThat(sandbox.containerId("spinner")).as("the saturated container was stopped").isNull();
				ExecResult next = user.exec(sh(OTHERS, Duration.ofSeconds(20)));
				assertThat(next.stdout()).isEqualTo("docker-init sleep ");
				assertThat(next.stderr()).contains("the sandbox container was restarted")
					.contains("kept all of its CPU (0.05 CPUs) busy");
				// Told once.
				assertThat(user.exec(sh("true", Duration.ofSeconds(20))).stderr()).isEmpty();
			}
			finally {
				sandbox.removeAll();
			}
		}
	}

	@Test
	void aCommandThatUsesAllItsCpuWhileItRunsIsNotRestarted() throws Exception {
		try (TestSandbox sandbox = cpuSandbox()) {
			try {
				Sandbox user = sandbox.forUserWithBackground("cruncher");
				user.exec(sh("true", Duration.ofSeconds(20)));
				String container = sandbox.containerId("cruncher");
				CompletableFuture<ExecResult> crunching = CompletableFuture.supplyAsync(() -> {
					try {
						return user.exec(sh("timeout 8 sh -c 'while :; do :; done'; echo finished", Duration.ofSeconds(30)));
					}
					catch (Exception e) {
						throw new IllegalStateException(e);
					}
				});
				while (!crunching.isDone()) {
					sandbox.service.cpuWatch().check();
					Thread.sleep(1000);
				}
				assertThat(crunching.get().stdout()).isEqualTo("finished\n");
				assertThat(sandbox.containerId("cruncher")).isEqualTo(container);
			}
			finally {
				sandbox.removeAll();
			}
		}
	}
}
