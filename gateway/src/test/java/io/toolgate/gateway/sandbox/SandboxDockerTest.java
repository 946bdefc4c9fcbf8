package io.toolgate.gateway.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.toolgate.plugin.api.Sandbox;
import io.toolgate.plugin.api.Sandbox.ExecResult;

import static io.toolgate.gateway.sandbox.TestSandbox.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sandbox on a real Docker engine: what a command gets back, and that escapes and abuse stay contained.
 * Tests only ever reach loopback; nothing here sends traffic to an outside address.
 */
class SandboxDockerTest {

	@TempDir
	static Path dataDir;

	static TestSandbox sandbox;

	@BeforeAll
	static void start() {
		TestSandbox.Settings settings = new TestSandbox.Settings();
		settings.memoryMb = 128;
		settings.pids = 64;
		settings.outputLimit = 1000;
		sandbox = new TestSandbox(dataDir, settings);
		assertThat(sandbox.service.checkNow())
			.as("Docker and the sandbox image are required (ops/sandbox/build.sh): %s", sandbox.service.problem())
			.isTrue();
	}

	@AfterAll
	static void stop() throws Exception {
		sandbox.removeAll();
		sandbox.close();
	}

	@Test
	void returnsStdoutStderrAndExitCodeSeparately() throws Exception {
		ExecResult result = sandbox.forUser("alice", null)
			.exec(sh("echo out; echo err >&2; exit 3", Duration.ofSeconds(20)));
		assertThat(result.stdout()).isEqualTo("out\n");
		assertThat(result.stderr()).isEqualTo("err\n");
		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.timedOut()).isFalse();
	}

	@Test
	void runsAsNonRootInTheWorkspaceWithStdinEnvAndWorkdir() throws Exception {
		ExecResult result = sandbox.forUser("alice", null)
			.exec(new Sandbox.ExecRequest(List.of("sh", "-c", "id -u; pwd; echo $GREETING; cat"), "sub/dir",
					Duration.ofSeconds(20), Map.of("GREETING", "hello"), "from stdin"));
		assertThat(result.stdout()).isEqualTo("1900000\n/workspace/sub/dir\nhello\nfrom stdin");
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void commandsRunAsAHighUidThatNoHostAccountUsesAndItOwnsTheWorkspace() throws Exception {
		ExecResult result = sandbox.forUser("owner", null)
			.exec(sh("id -u; echo x > mine; stat -c %u mine", Duration.ofSeconds(20)));
		assertThat(result.stdout()).isEqualTo("1900000\n1900000\n");
		Path workspace = dataDir.resolve("workspaces/owner");
		assertThat(Files.getAttribute(workspace, "unix:uid")).isEqualTo(1900000);
		assertThat(Files.getAttribute(workspace.resolve("mine"), "unix:uid")).isEqualTo(1900000);
		// Not the first account of an ordinary host, nor any account of this one.
		assertThat(Files.readAllLines(Path.of("/etc/passwd"))).noneMatch(line -> line.split(":")[2].equals("1900000"));
	}

	@Test
	void refusesAWorkdirOutsideTheWorkspace() {
		assertThatThrownBy(() -> sandbox.forUser("alice", null)
			.exec(new Sandbox.ExecRequest(List.of("true"), "../etc", Duration.ofSeconds(5), Map.of(), null)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("/workspace");
	}

	@Test
	void timeoutKillsTheCommandAndWhatItStarted() throws Exception {
		Sandbox user = sandbox.forUser("timer", null);
		long started = System.nanoTime();
		ExecResult result = user.exec(sh("sleep 600 & sleep 600", Duration.ofSeconds(2)));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(result.timedOut()).isTrue();
		assertThat(result.exitCode()).isEqualTo(-1);
		assertThat(took).isLessThan(Duration.ofSeconds(30));
		ExecResult processes = user.exec(sh("ps -eo comm | grep -c '^sleep$' || true", Duration.ofSeconds(20)));
		// Only the container's own "sleep infinity" (PID 1's child under init) is left.
		assertThat(processes.stdout().trim()).isEqualTo("1");
	}

	@Test
	void aDetachedProcessThatOutlivesItsLimitIsKilled() throws Exception {
		Sandbox user = sandbox.forUser("detacher", null);
		// setsid leaves timeout's process group; the child keeps stdout open, so the exec cannot end by itself.
		ExecResult result = user.exec(sh("setsid sleep 600", Duration.ofSeconds(2)));
		assertThat(result.timedOut()).isTrue();
		ExecResult processes = user.exec(sh("ps -eo comm | grep -c '^sleep$' || true", Duration.ofSeconds(20)));
		assertThat(processes.stdout().trim()).isEqualTo("1");
	}

	@Test
	void capsOutputAndSaysHowMuchWasCut() throws Exception {
		ExecResult result = sandbox.forUser("alice", null)
			.exec(sh("head -c 5000000 /dev/zero | tr '\\0' 'x'; echo done >&2", Duration.ofSeconds(30)));
		assertThat(result.exitCode()).isZero();
		assertThat(result.stdout()).startsWith("x".repeat(1000) + "\n[output cut: showing the first 1000 characters; "
				+ (5_000_000 - 1000) + " more bytes were not kept]");
		assertThat(result.stderr()).isEqualTo("done\n");
	}

	@Test
	void aMemoryBombIsContained() throws Exception {
		Sandbox user = sandbox.forUser("bomber", null);
		ExecResult result = user.exec(sh("python3 -c \"x = bytearray(1024 * 1024 * 1024); print(len(x))\"",
				Duration.ofSeconds(30)));
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.stdout()).doesNotContain("1073741824");
		assertThat(user.exec(sh("echo alive", Duration.ofSeconds(20))).stdout()).isEqualTo("alive\n");
	}

	@Test
	void aForkBombIsContainedAndTheSandboxServesAfterwards() throws Exception {
		Sandbox user = sandbox.forUser("forker", null);
		ExecResult result = user.exec(sh("bomb() { bomb | bomb & }; bomb; sleep 5", Duration.ofSeconds(4)));
		assertThat(result.exitCode()).isNotZero();
		// The sandbox recovers (killing what is left, or restarting the container) and serves the next command.
		assertThat(user.exec(sh("echo alive", Duration.ofSeconds(30))).stdout()).isEqualTo("alive\n");
		assertThat(sandbox.forUser("bystander", null).exec(sh("echo fine", Duration.ofSeconds(20))).stdout())
			.isEqualTo("fine\n");
	}

	@Test
	void hasNoNetworkButLoopback() throws Exception {
		ExecResult interfaces = sandbox.forUser("alice", null).exec(sh("ls /sys/class/net", Duration.ofSeconds(20)));
		assertThat(interfaces.stdout().trim()).isEqualTo("lo");
		ExecResult resolve = sandbox.forUser("alice", null)
			.exec(sh("getent hosts example.com; echo \"exit=$?\"", Duration.ofSeconds(20)));
		assertThat(resolve.stdout()).contains("exit=2").doesNotContain("example.com");
	}

	@Test
	void aToolAllowedNetworkGetsItsOwnContainerWithAnInterface() throws Exception {
		Sandbox networked = sandbox.service.sandboxFor(
				new io.toolgate.gateway.tools.ToolCaller("turn-net", "netuser", "netuser", null, null), "fetcher",
				new io.toolgate.gateway.tools.ToolProperties.ToolSettings(null, null, Map.of(), true));
		ExecResult interfaces = networked.exec(sh("ls /sys/class/net | sort | tr '\\n' ' '", Duration.ofSeconds(20)));
		assertThat(interfaces.stdout()).contains("lo").contains("eth0");
		// The same user's other tools stay in the container without network.
		assertThat(sandbox.forUser("netuser", null).exec(sh("ls /sys/class/net", Duration.ofSeconds(20))).stdout().trim())
			.isEqualTo("lo");
	}

	@Test
	void cannotWriteOutsideTheWorkspaceAndTmp() throws Exception {
		Sandbox user = sandbox.forUser("writer", null);
		for (String target : List.of("/etc/evil", "/evil", "/usr/bin/evil", "/data/evil")) {
			ExecResult result = user.exec(sh("echo x > " + target, Duration.ofSeconds(20)));
			assertThat(result.exitCode()).as(target).isNotZero();
			assertThat(result.stderr()).as(target).containsAnyOf("Read-only file system", "Permission denied");
		}
		assertThat(user.exec(sh("echo x > /workspace/ok && echo x > /tmp/ok && echo written", Duration.ofSeconds(20)))
			.stdout()).isEqualTo("written\n");
		assertThat(user.exec(sh("grep -c . /proc/self/status >/dev/null; grep CapEff /proc/self/status",
				Duration.ofSeconds(20))).stdout()).contains("0000000000000000");
	}

	@Test
	void usersSeeOnlyTheirOwnWorkspaceAndFiles() throws Exception {
		Files.createDirectories(dataDir.resolve("files/carol/file-1"));
		Files.writeString(dataDir.resolve("files/carol/file-1/notes.txt"), "carol's upload");
		Sandbox carol = sandbox.forUser("carol", null);
		Sandbox dave = sandbox.forUser("dave", null);
		carol.exec(sh("echo secret > /workspace/carol.txt", Duration.ofSeconds(20)));
		assertThat(carol.exec(sh("cat /data/file-1/notes.txt", Duration.ofSeconds(20))).stdout()).isEqualTo("carol's upload");
		ExecResult look = dave.exec(sh("ls -A /workspace /data; cat /workspace/carol.txt /data/file-1/notes.txt",
				Duration.ofSeconds(20)));
		assertThat(look.stdout()).doesNotContain("carol.txt").doesNotContain("file-1");
		assertThat(look.stderr()).contains("No such file");
		assertThat(Files.readString(dataDir.resolve("workspaces/carol/carol.txt"))).isEqualTo("secret\n");
	}

	@Test
	void aPersistentContainerKeepsWhatWasInstalledAcrossSessions() throws Exception {
		sandbox.forUser("erin", "session-1").exec(sh("mkdir -p /tmp/pkg && echo v1 > /tmp/pkg/installed", Duration.ofSeconds(20)));
		ExecResult later = sandbox.forUser("erin", "session-2").exec(sh("cat /tmp/pkg/installed", Duration.ofSeconds(20)));
		assertThat(later.stdout()).isEqualTo("v1\n");
	}

	@Test
	void copiesOutRegularFilesOnlyAndNeverFollowsLinksToTheHost() throws Exception {
		Sandbox user = sandbox.forUser("copier", null);
		user.exec(sh("mkdir -p out/sub && echo chart > out/chart.txt && echo deep > out/sub/deep.txt"
				+ " && ln -s /etc/passwd out/passwd && ln -s " + dataDir.toAbsolutePath() + " out/host", Duration.ofSeconds(20)));
		List<Path> copied = user.copyOut("out");
		assertThat(copied).hasSize(2);
		assertThat(copied).allSatisfy(path -> assertThat(path.toAbsolutePath().normalize())
			.startsWith(dataDir.resolve("staging").toAbsolutePath().normalize()));
		assertThat(copied.stream().map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("chart.txt", "deep.txt");
		assertThat(Files.readString(copied.stream().filter(p -> p.endsWith("deep.txt")).findFirst().orElseThrow()))
			.isEqualTo("deep\n");
		assertThat(user.copyOut("/workspace/out/chart.txt")).singleElement()
			.satisfies(path -> assertThat(Files.readString(path)).isEqualTo("chart\n"));
		assertThatThrownBy(() -> user.copyOut("../etc")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> user.copyOut("missing")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("no such file");
	}

	@Test
	void twentyUsersRunAtOnce() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(20);
		try {
			List<Future<ExecResult>> results = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				String user = "crowd-" + i;
				Callable<ExecResult> call = () -> sandbox.forUser(user, null)
					.exec(sh("echo " + user + "; python3 -c 'print(6*7)'", Duration.ofSeconds(120)));
				results.add(pool.submit(call));
			}
			for (int i = 0; i < 20; i++) {
				ExecResult result = results.get(i).get();
				assertThat(result.exitCode()).as(result.stderr()).isZero();
				assertThat(result.stdout()).isEqualTo("crowd-" + i + "\n42\n");
			}
		}
		finally {
			pool.shutdownNow();
		}
	}
}
