package io.toolgate.gateway.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.github.dockerjava.api.model.Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.toolgate.gateway.identity.UserDisabled;
import io.toolgate.plugin.api.Sandbox.ExecResult;

import static io.toolgate.gateway.sandbox.TestSandbox.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Containers over time on a real Docker engine: idle stop, restart adoption, per-session mode, users leaving. */
class SandboxLifecycleTest {

	@TempDir
	Path dataDir;

	@Test
	void anIdleContainerIsStoppedAndStartsAgainWithItsWorkspace() throws Exception {
		TestSandbox.Settings settings = new TestSandbox.Settings();
		settings.idleStop = Duration.ofMillis(500);
		try (TestSandbox sandbox = new TestSandbox(dataDir, settings)) {
			try {
				sandbox.forUser("idle", null).exec(sh("echo kept > /workspace/file", Duration.ofSeconds(20)));
				assertThat(running(sandbox)).isEqualTo(1);
				Thread.sleep(700);
				sandbox.service.containers().stopIdle();
				assertThat(running(sandbox)).isZero();
				assertThat(sandbox.containerCount()).isEqualTo(1);
				ExecResult again = sandbox.forUser("idle", null).exec(sh("cat /workspace/file", Duration.ofSeconds(20)));
				assertThat(again.stdout()).isEqualTo("kept\n");
				assertThat(sandbox.registry.find("toolgate.sandbox.start.duration").tag("kind", "restarted").timer())
					.isNotNull();
			}
			finally {
				sandbox.removeAll();
			}
		}
	}

	@Test
	void aContainerStoppedOrRemovedBehindTheGatewaysBackServesTheNextCommand() throws Exception {
		try (TestSandbox sandbox = new TestSandbox(dataDir, new TestSandbox.Settings())) {
			try {
				sandbox.forUser("ops", null).exec(sh("echo kept > /workspace/file", Duration.ofSeconds(20)));
				String id = sandbox.engine().control().listContainersCmd()
					.withLabelFilter(Map.of(SandboxContainers.LABEL_HOME, sandbox.service.containers().home()))
					.exec().get(0).getId();
				sandbox.engine().control().stopContainerCmd(id).withTimeout(0).exec();
				assertThat(sandbox.forUser("ops", null).exec(sh("cat /workspace/file", Duration.ofSeconds(20))).stdout())
					.isEqualTo("kept\n");
				sandbox.engine().control().removeContainerCmd(id).withForce(true).exec();
				assertThat(sandbox.forUser("ops", null).exec(sh("cat /workspace/file", Duration.ofSeconds(20))).stdout())
					.isEqualTo("kept\n");
				// Nothing holds the container now: no use was counted twice or left behind by the retries.
				assertThat(sandbox.service.containers().uses(new ContainerKey("ops", "", false))).isZero();
				assertThat(running(sandbox)).isEqualTo(1);
			}
			finally {
				sandbox.removeAll();
			}
		}
	}

	@Test
	void aRestartAdoptsPersistentContainersAndRemovesTheRest() throws Exception {
		TestSandbox.Settings persistent = new TestSandbox.Settings();
		TestSandbox first = new TestSandbox(dataDir, persistent);
		try {
			first.forUser("keeper", null).exec(sh("echo in-tmp > /tmp/state", Duration.ofSeconds(20)));
			// A crash: the gateway goes away without stopping anything.
			first.engine().destroy();

			try (TestSandbox second = new TestSandbox(dataDir, persistent)) {
				assertThat(second.service.containers().adoptOrClean()).containsExactly(1, 0);
				ExecResult state = second.forUser("keeper", null).exec(sh("cat /tmp/state", Duration.ofSeconds(20)));
				assertThat(state.stdout()).as("the same running container serves again").isEqualTo("in-tmp\n");
			}

			TestSandbox.Settings otherLimits = new TestSandbox.Settings();
			otherLimits.memoryMb = 300;
			try (TestSandbox third = new TestSandbox(dataDir, otherLimits)) {
				assertThat(third.service.containers().adoptOrClean()).containsExactly(0, 1);
				assertThat(third.containerCount()).isZero();
			}
		}
		finally {
			try (TestSandbox cleaner = new TestSandbox(dataDir, persistent)) {
				cleaner.removeAll();
			}
		}
	}

	@Test
	void perSessionContainersAreSeparateAndRemovedWhenIdleOrAtShutdown() throws Exception {
		TestSandbox.Settings perSession = new TestSandbox.Settings();
		perSession.persist = false;
		perSession.idleStop = Duration.ofMillis(500);
		TestSandbox sandbox = new TestSandbox(dataDir, perSession);
		try {
			sandbox.forUser("frank", "s1").exec(sh("echo s1 > /tmp/mine", Duration.ofSeconds(20)));
			ExecResult other = sandbox.forUser("frank", "s2").exec(sh("cat /tmp/mine", Duration.ofSeconds(20)));
			assertThat(other.exitCode()).isNotZero();
			assertThat(sandbox.containerCount()).isEqualTo(2);
			Thread.sleep(700);
			sandbox.service.containers().stopIdle();
			assertThat(sandbox.containerCount()).isZero();

			sandbox.forUser("frank", "s3").exec(sh("true", Duration.ofSeconds(20)));
			sandbox.close();
			try (TestSandbox after = new TestSandbox(dataDir, perSession)) {
				assertThat(after.containerCount()).as("per-session containers are removed at shutdown").isZero();
			}
		}
		finally {
			try (TestSandbox cleaner = new TestSandbox(dataDir, perSession)) {
				cleaner.removeAll();
			}
		}
	}

	@Test
	void aDisabledUsersContainersAreRemoved() throws Exception {
		try (TestSandbox sandbox = new TestSandbox(dataDir, new TestSandbox.Settings())) {
			try {
				sandbox.forUser("gone", null).exec(sh("true", Duration.ofSeconds(20)));
				sandbox.forUser("stays", null).exec(sh("true", Duration.ofSeconds(20)));
				sandbox.service.start();
				sandbox.service.userDisabled(new UserDisabled("gone"));
				await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.containerCount() == 1);
				Container left = sandbox.engine()
					.control()
					.listContainersCmd()
					.withShowAll(true)
					.withLabelFilter(Map.of(SandboxContainers.LABEL_HOME, sandbox.service.containers().home()))
					.exec()
					.get(0);
				assertThat(left.getLabels()).containsEntry(SandboxContainers.LABEL_USER, "stays");
			}
			finally {
				sandbox.removeAll();
			}
		}
	}

	@Test
	void anUnreachableEngineGivesAClearErrorAndSaysSo() throws Exception {
		TestSandbox.Settings nowhere = new TestSandbox.Settings();
		nowhere.dockerHost = "unix://" + dataDir.resolve("no-docker.sock");
		try (TestSandbox sandbox = new TestSandbox(dataDir, nowhere)) {
			assertThat(sandbox.service.checkNow()).isFalse();
			assertThat(sandbox.service.note()).startsWith("unavailable: the Docker engine at unix://")
				.contains("is unreachable");
			assertThatThrownBy(() -> sandbox.forUser("alice", null).exec(sh("true", Duration.ofSeconds(5))))
				.isInstanceOf(SandboxUnavailableException.class)
				.hasMessageContaining("no-docker.sock");
		}
	}

	@Test
	void aMissingImageIsNamed() throws Exception {
		TestSandbox.Settings settings = new TestSandbox.Settings();
		try (TestSandbox sandbox = new TestSandbox(dataDir, settings)) {
			SandboxProperties p = sandbox.properties;
			SandboxProperties missing = new SandboxProperties(true, "", "toolgate-no-such-image:1", true, "", p.memory(),
					p.cpus(), p.pidsLimit(), p.tmpSize(), p.init(), p.networkMode(), p.defaultTimeout(), p.outputLimit(),
					p.idleStop(), p.apiTimeout(), false, p.workspaceQuota(), p.minFreeDisk(), p.limitCheckInterval(),
					p.cpuSaturationPeriod(), p.cpuCheckInterval(), p.execGidBase());
			SandboxService service = new SandboxService(missing, sandbox.engine(), TestSandbox.workspaces(dataDir),
					new io.toolgate.gateway.metrics.GatewayMetrics(sandbox.registry,
							new io.toolgate.gateway.metrics.MetricsProperties(false)),
					java.time.Clock.systemUTC());
			assertThat(service.checkNow()).isFalse();
			assertThat(service.note()).contains("toolgate-no-such-image:1").contains("ops/sandbox/build.sh");
			assertThatThrownBy(() -> service
				.sandboxFor(new io.toolgate.gateway.tools.ToolCaller("t", "u", "u", null, null), "terminal",
						io.toolgate.gateway.tools.ToolProperties.ToolSettings.NONE)
				.exec(sh("true", Duration.ofSeconds(5))))
				.isInstanceOf(SandboxUnavailableException.class)
				.hasMessageContaining("toolgate-no-such-image:1");
		}
	}

	private static long running(TestSandbox sandbox) {
		return sandbox.engine()
			.control()
			.listContainersCmd()
			.withLabelFilter(Map.of(SandboxContainers.LABEL_HOME, sandbox.service.containers().home()))
			.exec()
			.size();
	}
}
