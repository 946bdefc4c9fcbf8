package io.toolgate.plugin.api;

import java.util.List;

/**
 * What a call produced.
 *
 * @param content the text the model sees as the tool's result
 * @param artifacts files the call produced, offered to the user for download
 * @param error whether the call failed (the model still sees {@code content}, e.g. an error message)
 */
public record ToolResult(String content, List<Artifact> artifacts, boolean error) {

	/** Keeps the fields never null. */
	public ToolResult {
		content = content == null ? "" : content;
		artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
	}

	/** A successful result with text only. */
	public static ToolResult text(String content) {
		return new ToolResult(content, List.of(), false);
	}

	/** A failed result; the message is what the model sees. */
	public static ToolResult error(String message) {
		return new ToolResult(message, List.of(), true);
	}
}
