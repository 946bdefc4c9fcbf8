package io.toolgate.plugin.api;

import org.pf4j.ExtensionPoint;

/**
 * A server-side tool the model can call. Implement it in a plugin, annotate the class with
 * {@code @org.pf4j.Extension}, and the gateway finds it when the plugin jar is dropped into {@code plugins/}.
 *
 * <p>The gateway creates each tool once, through its public no-argument constructor, when the plugin starts, and
 * reads {@link #spec()} then; a spec that throws or is invalid gets the whole plugin refused. Implementations
 * must be thread-safe: calls for different users run in parallel on the same instance.
 *
 * <p>{@link #call} runs on a bounded worker thread of the gateway (never an event loop), so it may block; it is
 * interrupted when the call's timeout passes. It is called only after any approval the call needed was
 * granted. While plugin code runs, the thread's context class loader is the plugin's class loader.
 *
 * <p><b>The interrupt contract.</b> When the timeout passes, the model gets a timeout result and the thread is
 * interrupted: the call must end soon after, by letting {@link InterruptedException} (or
 * {@code InterruptedIOException}, {@code ClosedByInterruptException}) propagate or by checking
 * {@link Thread#isInterrupted()} in long loops. A call that goes on is cut loose from the worker pool, logged
 * and counted as stuck; only a bounded number of stuck threads are tolerated before they take the places of
 * other tools' calls.
 *
 * <p><b>Failures.</b> Whatever {@link #call} throws, {@link Error}s included, becomes at once the tool's error
 * result with the cause, and is logged once with its stack trace naming plugin, version and tool. A plugin built
 * against a newer plugin-api than the gateway's fails with a {@link LinkageError}.
 *
 * <p>The plugin's jar must not contain this package or PF4J (depend on {@code toolgate-plugin-api} with
 * {@code provided} scope): both always come from the gateway. See {@code plugin-api/README.md}.
 */
public interface Tool extends ExtensionPoint {

	/** What the tool is called, what it does, which arguments it takes, and how it is approved by default. */
	ToolSpec spec();

	/**
	 * Runs one call.
	 * @param call the model's call, with parsed and raw arguments
	 * @param context the calling user and session, and the host services available to tools
	 * @return the result the model sees; throwing is allowed and becomes an error result
	 * @throws Exception any failure; the gateway reports it to the model as the tool's error result
	 */
	ToolResult call(ToolCall call, ToolContext context) throws Exception;
}
