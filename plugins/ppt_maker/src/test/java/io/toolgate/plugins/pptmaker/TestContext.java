package io.toolgate.plugins.pptmaker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.toolgate.plugin.api.FileStore;
import io.toolgate.plugin.api.Knowledge;
import io.toolgate.plugin.api.ModelClient;
import io.toolgate.plugin.api.Sandbox;
import io.toolgate.plugin.api.ToolContext;

/** A tool context with a workspace, a configuration and a model client, as the gateway gives ppt_maker. */
final class TestContext implements ToolContext {

	final Path workspace;

	final Map<String, String> config;

	final ModelClient model;

	final List<String> progress = new CopyOnWriteArrayList<>();

	TestContext(Path workspace, Map<String, String> config, ModelClient model) {
		this.workspace = workspace;
		this.config = config;
		this.model = model;
	}

	@Override
	public String userId() {
		return "u1";
	}

	@Override
	public String username() {
		return "alice";
	}

	@Override
	public String sessionId() {
		return null;
	}

	@Override
	public Path scratch() {
		return workspace;
	}

	@Override
	public Path workspace() {
		return workspace;
	}

	@Override
	public Map<String, String> config() {
		return config;
	}

	@Override
	public void progress(String message) {
		progress.add(message);
	}

	@Override
	public Sandbox sandbox() {
		throw new UnsupportedOperationException("no sandbox");
	}

	@Override
	public FileStore files() {
		throw new UnsupportedOperationException("no files");
	}

	@Override
	public Knowledge knowledge() {
		throw new UnsupportedOperationException("no knowledge");
	}

	@Override
	public ModelClient model() {
		if (model == null) {
			throw new UnsupportedOperationException("this gateway does not offer the model client to tools");
		}
		return model;
	}
}
