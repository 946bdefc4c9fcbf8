package io.toolgate.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway (with {@link TestTools}) running as a separate JVM on this test's class path: a real second
 * instance for tests of several instances on one database, of {@code kill -9} and of SIGTERM. Its tool runs
 * are appended to {@code runLog}; its output goes to {@code log}.
 */
public final class GatewayProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private GatewayProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts a gateway on a free port with the fake OpenAI upstream, this data directory, the shared run log
	 * and these extra {@code --name=value} arguments, and waits until it serves.
	 */
	public static GatewayProcess start(String name, Path dataDir, Path runLog, List<String> extra) throws Exception {
		int port = freePort();
		Files.createDirectories(dataDir);
		Path log = dataDir.resolveSibling(name + ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dtoolgate.test.run-log=" + runLog, "-cp",
				System.getProperty("java.class.path"), TestGatewayMain.class.getName(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--toolgate.data-dir=" + dataDir,
				"--toolgate.admin-key=" + TestUpstreams.ADMIN_KEY, "--toolgate.plugins.watch=false",
				"--toolgate.upstreams[0].name=fake", "--toolgate.upstreams[0].type=openai",
				"--toolgate.upstreams[0].base-url=" + TestUpstreams.openai().baseUrl() + "/v1",
				"--toolgate.upstreams[0].api-key=" + TestUpstreams.OPENAI_KEY));
		command.addAll(extra);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		GatewayProcess gateway = new GatewayProcess(process, port, log);
		try {
			gateway.awaitUp();
		}
		catch (Exception | AssertionError e) {
			process.destroyForcibly();
			throw e;
		}
		return gateway;
	}

	public int port() {
		return port;
	}

	public HttpTestClient client() {
		return new HttpTestClient(port);
	}

	public String log() {
		try {
			return Files.readString(log);
		}
		catch (IOException e) {
			return "(no log: " + e + ")";
		}
	}

	/** {@code kill -9}: the process ends at once, running nothing more. */
	public void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM, then how long the process took to exit (null when it did not exit within the limit). */
	public Duration terminate(Duration limit) throws InterruptedException {
		long start = System.nanoTime();
		process.destroy();
		boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
		return exited ? Duration.ofNanos(System.nanoTime() - start) : null;
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			kill();
		}
	}

	/** How many lines of the run log are exactly {@code text}. */
	public static long runs(Path runLog, String text) throws IOException {
		if (!Files.exists(runLog)) {
			return 0;
		}
		return Files.readAllLines(runLog).stream().filter(text::equals).count();
	}

	private void awaitUp() throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new AssertionError("the gateway process exited; log:\n" + log());
			}
			try {
				HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
						+ "/healthz")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// still starting
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the gateway did not start within 120 s; log:\n" + log());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
