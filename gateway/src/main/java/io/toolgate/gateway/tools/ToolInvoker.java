package io.toolgate.gateway.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

import io.toolgate.gateway.GatewayProperties;
import io.toolgate.gateway.identity.ApiKeyCodec;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolResult;

/**
 * Runs one tool call: on a bounded worker pool (tools may block), with the plugin's class loader current,
 * within the tool's timeout (the worker is interrupted when it passes, and a tool that ignores the interrupt is cut
 * loose, see {@link ToolWorkerPool}). Whatever the tool throws, {@link Error}s such as a {@link LinkageError} of a
 * plugin built against a newer plugin-api included, becomes at once an error result naming the cause, and is logged
 * once with its stack, naming plugin, version and tool; every invocation is recorded. The files a call produced (its artifacts)
 * become files of the caller, listed in the result the model sees and in the outcome for the client.
 */
@Component
public class ToolInvoker implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ToolInvoker.class);

	private final ToolProperties properties;

	private final ToolInvocationRepository invocations;

	private final GatewayProperties gateway;

	private final Clock clock;

	/** Runs the tools' own code. */
	private final ToolWorkerPool pool;

	/** Stores artifacts and deletes scratch directories (file IO around a call, never a tool's code). */
	private final Scheduler workers;

	private final io.toolgate.gateway.metrics.GatewayMetrics metrics;

	private final HostServices services;

	private final Path scratchRoot;

	public ToolInvoker(ToolProperties properties, ToolInvocationRepository invocations, GatewayProperties gateway,
			Clock clock, io.toolgate.gateway.metrics.GatewayMetrics metrics, HostServices services) {
		this.metrics = metrics;
		this.services = services;
		this.properties = properties;
		this.invocations = invocations;
		this.gateway = gateway;
		this.clock = clock;
		// Scratch directories live only as long as their call; what a crash left behind goes now.
		this.scratchRoot = gateway.dataDir().resolve("scratch").toAbsolutePath().normalize();
		deleteScratch(scratchRoot);
		ToolProperties.ToolExecution execution = properties.toolExecution();
		this.pool = new ToolWorkerPool(execution.workers(), execution.maxStuck(), 10_000, execution.stopGrace());
		this.workers = Schedulers.newBoundedElastic(execution.workers(), 10_000, "tool-io");
		metrics.toolThreadsStuck(pool::stuck);
	}

	/**
	 * The result of one call, how it ended (completed, failed, timeout), and the artifacts stored for the caller.
	 */
	public record Outcome(ToolResult result, String outcome, List<ToolArtifact> artifacts) {

		public Outcome {
			artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
		}

		Outcome(ToolResult result, String outcome) {
			this(result, outcome, List.of());
		}
	}

	public Mono<Outcome> invoke(RegisteredTool tool, ToolCall call, ToolCaller caller, Consumer<String> progress) {
		ToolProperties.ToolSettings settings = properties.settings(tool.name());
		Duration timeout = settings.timeout() != null ? settings.timeout() : tool.spec().timeout();
		HostToolContext context = new HostToolContext(caller, tool.name(), settings,
				gateway.workspaces(), scratchRoot.resolve(UUID.randomUUID().toString()), services,
				progress);
		long started = System.nanoTime();
		return pool.submit(() -> run(tool, call, context), () -> stuck(tool, timeout))
			.timeout(timeout)
			.map(result -> new Outcome(result, result.error() ? "failed" : "completed"))
			.onErrorResume(TimeoutException.class, e -> Mono.just(new Outcome(
					ToolResult.error("The tool '" + tool.name() + "' did not finish within " + timeout.toSeconds()
							+ " s and was stopped."), "timeout")))
			.onErrorResume(e -> Mono.just(new Outcome(ToolResult.error("The tool '" + tool.name() + "' failed: "
					+ cause(e)), "failed")))
			.flatMap(outcome -> withArtifacts(outcome, context))
			.flatMap(outcome -> Mono.fromRunnable(() -> deleteScratch(context.scratchDir())).subscribeOn(workers)
				.thenReturn(outcome))
			.doOnNext(outcome -> metrics.toolCall(tool.name(), outcome.outcome(), Duration.ofNanos(System.nanoTime() - started)))
			.flatMap(outcome -> invocations.record(new ToolInvocationRepository.Invocation(caller.turnId(), caller.userId(),
					caller.sessionId(), tool.name(), call.id(), ApiKeyCodec.hash(call.rawArguments()), outcome.outcome(),
					outcome.result().content().length(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
					clock.millis()))
				.onErrorResume(e -> {
					log.warn("could not record the invocation of {}: {}", tool.name(), e.toString());
					return Mono.empty();
				})
				.thenReturn(outcome));
	}

	/** Stores the call's artifacts (from its workspace only) and tells the model about them in the result. */
	private Mono<Outcome> withArtifacts(Outcome outcome, HostToolContext context) {
		ToolResult result = outcome.result();
		if (result.artifacts().isEmpty()) {
			return Mono.just(outcome);
		}
		HostServices.FileStoreProvider files = services.files().orElse(null);
		if (files == null) {
			return Mono.just(new Outcome(appended(result, "The tool produced " + result.artifacts().size()
					+ " file(s), but this gateway does not store files."), outcome.outcome()));
		}
		return Mono.fromCallable(context::workspace)
			.subscribeOn(workers)
			.flatMap(workspace -> files.storeArtifacts(context.caller(), result.artifacts(),
					services.artifactRoots(workspace, context.scratchDir())))
			.map(intake -> new Outcome(appended(result, intake.describe()), outcome.outcome(), intake.stored()))
			.onErrorResume(e -> {
				log.warn("could not store the artifacts of {}: {}", context.tool(), e.toString());
				return Mono.just(new Outcome(appended(result, "The files the tool produced could not be stored."),
						outcome.outcome()));
			});
	}

	private static void deleteScratch(Path dir) {
		try {
			FileSystemUtils.deleteRecursively(dir);
		}
		catch (IOException e) {
			log.warn("could not delete the scratch directory {}: {}", dir, e.toString());
		}
	}

	private static ToolResult appended(ToolResult result, String text) {
		String content = result.content().isEmpty() ? text : result.content() + "\n\n" + text;
		return new ToolResult(content, result.artifacts(), result.error());
	}

	private static ToolResult run(RegisteredTool tool, ToolCall call, HostToolContext context) {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(tool.classLoader());
		try {
			ToolResult result = tool.tool().call(call, context);
			return result == null ? ToolResult.error("The tool '" + tool.name() + "' returned nothing.") : result;
		}
		catch (Throwable e) { // Errors too: a plugin built against another plugin-api fails with a LinkageError
			if (thread.isInterrupted() || e instanceof InterruptedException) {
				// stopped by its timeout or a caller that went away: not the plugin's fault, nobody reads the result
				log.debug("tool '{}' of plugin {} {} ended by interruption: {}", tool.name(), tool.origin(),
						tool.version(), e.toString());
			}
			else {
				log.warn("tool '{}' of plugin {} {} failed", tool.name(), tool.origin(), tool.version(), e);
			}
			if (e instanceof VirtualMachineError vmError && !(e instanceof StackOverflowError)) {
				throw vmError; // out of memory: the JVM's state is in doubt (see -XX:+ExitOnOutOfMemoryError)
			}
			return ToolResult.error("The tool '" + tool.name() + "' failed: " + cause(e));
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** What the model and the log are told went wrong. */
	private static String cause(Throwable e) {
		if (e instanceof LinkageError) {
			return e + " (the plugin does not fit this gateway's plugin-api; it may have been built against a "
					+ "newer one)";
		}
		if (e instanceof Error) {
			return e.toString();
		}
		return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}

	/** A call went on running after its interrupt: the plugin breaks the contract of Tool.call. */
	private void stuck(RegisteredTool tool, Duration timeout) {
		metrics.toolCallStuck(tool.name());
		log.warn("tool '{}' of plugin {} {} ignored the interrupt at its {} s timeout and still runs; its thread is "
				+ "cut loose ({} stuck now)", tool.name(), tool.origin(), tool.version(), timeout.toSeconds(),
				pool.stuck());
	}

	/** Records a call that never ran because it was denied. */
	public Mono<Void> recordDenied(RegisteredTool tool, ToolCall call, ToolCaller caller) {
		metrics.toolCall(tool.name(), "denied", Duration.ZERO);
		return invocations.record(new ToolInvocationRepository.Invocation(caller.turnId(), caller.userId(),
				caller.sessionId(), tool.name(), call.id(), ApiKeyCodec.hash(call.rawArguments()), "denied", 0, 0,
				clock.millis()));
	}

	/**
	 * Records a call of a tool the turn did not offer, which never ran. The metric names the tool only when it
	 * is installed (a model can invent any number of names; they all count as {@code unknown}).
	 */
	public Mono<Void> recordNotOffered(String name, boolean installed, String callId, String rawArguments,
			ToolCaller caller) {
		metrics.toolCall(installed ? name : "unknown", "not_offered", Duration.ZERO);
		String stored = name == null ? "" : name.length() > 200 ? name.substring(0, 200) : name;
		return invocations.record(new ToolInvocationRepository.Invocation(caller.turnId(), caller.userId(),
				caller.sessionId(), stored, callId == null ? "" : callId,
				ApiKeyCodec.hash(rawArguments == null ? "" : rawArguments), "not_offered", 0, 0, clock.millis()));
	}

	@Override
	public void destroy() {
		pool.close();
		workers.dispose();
	}
}
