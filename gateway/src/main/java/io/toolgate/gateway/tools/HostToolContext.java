package io.toolgate.gateway.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import io.toolgate.plugin.api.FileStore;
import io.toolgate.plugin.api.Knowledge;
import io.toolgate.plugin.api.ModelClient;
import io.toolgate.plugin.api.Sandbox;
import io.toolgate.plugin.api.ToolContext;

/**
 * What a tool call gets from the gateway. Host services that later parts of the gateway provide (sandbox,
 * files, knowledge, model client) answer with a clear "not available" until they exist.
 */
public record HostToolContext(String userId, String username, String sessionId, Path workspaceRoot,
		Map<String, String> config, Consumer<String> progressListener) implements ToolContext {

	@Override
	public Path workspace() {
		Path dir = workspaceRoot.resolve(userId);
		try {
			return Files.createDirectories(dir);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot create the workspace " + dir, e);
		}
	}

	@Override
	public void progress(String message) {
		progressListener.accept(message);
	}

	@Override
	public Sandbox sandbox() {
		throw unavailable("sandbox");
	}

	@Override
	public FileStore files() {
		throw unavailable("file store");
	}

	@Override
	public Knowledge knowledge() {
		throw unavailable("knowledge service");
	}

	@Override
	public ModelClient model() {
		throw unavailable("model client");
	}

	private static UnsupportedOperationException unavailable(String service) {
		return new UnsupportedOperationException("this gateway does not offer the " + service + " to tools yet");
	}
}
