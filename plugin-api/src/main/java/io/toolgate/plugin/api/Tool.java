package io.toolgate.plugin.api;

import org.pf4j.ExtensionPoint;

/**
 * A server-side tool the model can call. Implement it in a plugin, annotate the class with
 * {@code @org.pf4j.Extension}, and the gateway finds it when the plugin jar is dropped into {@code plugins/}.
 *
 * <p>{@link #call} runs on a bounded worker thread of the gateway (never an event loop), so it may block; it is
 * interrupted when the call's timeout passes. It is called only after any approval the call needed was
 * granted. Implementations must be thread-safe: calls for different users run in parallel.
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
