package io.toolgate.gateway.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import io.toolgate.plugin.api.Sandbox;

/**
 * Sandbox benchmark (not a test): warm exec latency of {@code echo hi} and {@code python3 -c 'print(1)'}, cold
 * container start, concurrent throughput, and the {@code docker exec} command line on the same container as the
 * baseline, all in one run on the real engine. Run by ops/sandbox/bench.sh; figures in docs/BENCHMARKS.md.
 */
public final class SandboxBench {

	private SandboxBench() {
	}

	public static void main(String[] args) throws Exception {
		int warm = args.length > 0 ? Integer.parseInt(args[0]) : 200;
		Path dataDir = Files.createTempDirectory("toolgate-sandbox-bench");
		try (TestSandbox sandbox = new TestSandbox(dataDir, new TestSandbox.Settings())) {
			try {
				run(sandbox, warm);
			}
			finally {
				sandbox.removeAll();
			}
		}
	}

	private static void run(TestSandbox sandbox, int warm) throws Exception {
		Sandbox user = sandbox.forUser("bench", null);
		Sandbox.ExecRequest echo = TestSandbox.sh("echo hi", Duration.ofSeconds(30));
		Sandbox.ExecRequest python = new Sandbox.ExecRequest(List.of("python3", "-c", "print(1)"), "",
				Duration.ofSeconds(30), java.util.Map.of(), null);
		user.exec(echo);
		for (int i = 0; i < 20; i++) {
			user.exec(echo);
			user.exec(python);
		}
		report("warm exec: echo hi (gateway sandbox)", time(warm, () -> user.exec(echo)));
		String container = sandbox.engine().control().listContainersCmd()
			.withLabelFilter(java.util.Map.of(SandboxContainers.LABEL_USER, "bench")).exec().get(0).getId();
		report("warm exec: echo hi (docker exec CLI, baseline)", time(Math.min(warm, 100), () -> {
			Process process = new ProcessBuilder("docker", "exec", container, "sh", "-c", "echo hi").start();
			process.getInputStream().readAllBytes();
			process.waitFor(30, TimeUnit.SECONDS);
		}));
		report("warm exec: python3 -c 'print(1)'", time(Math.max(20, warm / 2), () -> user.exec(python)));

		int cold = 10;
		int[] index = { 0 };
		report("cold: first exec of a new user (create + start + exec)",
				time(cold, () -> sandbox.forUser("cold-" + index[0]++, null).exec(echo)));

		int users = 20;
		int each = 20;
		ExecutorService pool = Executors.newFixedThreadPool(users);
		try {
			for (int u = 0; u < users; u++) {
				sandbox.forUser("crowd-" + u, null).exec(echo);
			}
			Histogram histogram = new Histogram(60_000_000_000L, 3);
			long started = System.nanoTime();
			List<Future<?>> futures = new ArrayList<>();
			for (int u = 0; u < users; u++) {
				Sandbox crowd = sandbox.forUser("crowd-" + u, null);
				futures.add(pool.submit(() -> {
					for (int i = 0; i < each; i++) {
						long t = System.nanoTime();
						crowd.exec(echo);
						synchronized (histogram) {
							histogram.recordValue(System.nanoTime() - t);
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			report("concurrent: " + users + " users x " + each + " execs of echo hi", histogram);
			System.out.printf("  throughput: %.1f execs/s (%d execs in %.2f s)%n", users * each / seconds, users * each,
					seconds);
		}
		finally {
			pool.shutdownNow();
		}
	}

	interface Step {

		void run() throws Exception;
	}

	private static Histogram time(int n, Step step) throws Exception {
		Histogram histogram = new Histogram(60_000_000_000L, 3);
		for (int i = 0; i < n; i++) {
			long started = System.nanoTime();
			step.run();
			histogram.recordValue(System.nanoTime() - started);
		}
		return histogram;
	}

	private static void report(String name, Histogram h) {
		System.out.printf("%s%n  n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms%n", name, h.getTotalCount(),
				h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
				h.getMaxValue() / 1e6);
	}
}
