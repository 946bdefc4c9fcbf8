package io.toolgate.plugins.websearch;

import java.nio.file.Path;
import java.util.Map;

import io.toolgate.plugin.api.FileStore;
import io.toolgate.plugin.api.Knowledge;
import io.toolgate.plugin.api.ModelClient;
import io.toolgate.plugin.api.Sandbox;
import io.toolgate.plugin.api.ToolContext;

/** A tool context with only a configuration, as the gateway gives websearch (it uses no host service). */
record TestContext(Map<String, String> config) implements ToolContext {

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
	public Path workspace() {
		throw new UnsupportedOperationException("websearch needs no workspace");
	}

	@Override
	public Path scratch() {
		throw new UnsupportedOperationException("websearch needs no scratch directory");
	}

	@Override
	public void progress(String message) {
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
		throw new UnsupportedOperationException("no model");
	}
}
