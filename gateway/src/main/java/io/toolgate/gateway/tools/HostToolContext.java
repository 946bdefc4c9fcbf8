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
 * What one tool call gets from the gateway: the caller, a workspace directory, the tool's settings, and the host
 * services the running gateway offers (each answering with a clear "not offered" when it does not).
 */
public record HostToolContext(ToolCaller caller, String tool, ToolProperties.ToolSettings settings, Path workspaceRoot,
		Path scratchDir, HostServices services, Consumer<String> progressListener) implements ToolContext {

	@Override
	public String userId() {
		return caller.userId();
	}

	@Override
	public String username() {
		return caller.username();
	}

	@Override
	public String sessionId() {
		return caller.sessionId();
	}

	@Override
	public Map<String, String> config() {
		return settings.config();
	}

	@Override
	public Path workspace() {
		Path dir = workspaceRoot.resolve(caller.userId());
		try {
			return Files.createDirectories(dir);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot create the workspace " + dir, e);
		}
	}

	@Override
	public Path scratch() {
		try {
			return Files.createDirectories(scratchDir);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot create the scratch directory " + scratchDir, e);
		}
	}

	@Override
	public void progress(String message) {
		progressListener.accept(message);
	}

	@Override
	public Sandbox sandbox() {
		return services.sandbox()
			.orElseThrow(() -> unavailable("sandbox"))
			.sandboxFor(caller, tool, settings);
	}

	@Override
	public FileStore files() {
		return services.files().orElseThrow(() -> unavailable("file store")).filesFor(caller, workspace());
	}

	@Override
	public Knowledge knowledge() {
		return services.knowledge().orElseThrow(() -> unavailable("knowledge service")).knowledgeFor(caller);
	}

	@Override
	public ModelClient model() {
		return services.model().orElseThrow(() -> unavailable("model client")).modelFor(caller);
	}

	private static UnsupportedOperationException unavailable(String service) {
		return new UnsupportedOperationException("this gateway does not offer the " + service + " to tools");
	}
}
