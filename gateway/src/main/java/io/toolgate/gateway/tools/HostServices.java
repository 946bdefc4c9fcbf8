package io.toolgate.gateway.tools;

import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.toolgate.plugin.api.FileStore;
import io.toolgate.plugin.api.Knowledge;
import io.toolgate.plugin.api.ModelClient;
import io.toolgate.plugin.api.Sandbox;

/**
 * The host services a tool call may use, each provided by the package that owns it (sandbox, files, knowledge,
 * the model client). A service whose package is absent or switched off is simply missing, and a tool asking for
 * it gets a clear "not offered" error.
 */
@Component
public class HostServices {

	/** Gives a call the calling user's sandbox (implemented by the sandbox package). */
	public interface SandboxProvider {

		Sandbox sandboxFor(ToolCaller caller, String tool, ToolProperties.ToolSettings settings);
	}

	/** Gives a call the calling user's files (implemented by the files package). */
	public interface FileStoreProvider {

		FileStore filesFor(ToolCaller caller);
	}

	/** Gives a call the calling user's knowledge collections (implemented by the knowledge package). */
	public interface KnowledgeProvider {

		Knowledge knowledgeFor(ToolCaller caller);
	}

	/** Gives a call a model client acting for the calling user. */
	public interface ModelClientProvider {

		ModelClient modelFor(ToolCaller caller);
	}

	private final ObjectProvider<SandboxProvider> sandbox;

	private final ObjectProvider<FileStoreProvider> files;

	private final ObjectProvider<KnowledgeProvider> knowledge;

	private final ObjectProvider<ModelClientProvider> model;

	public HostServices(ObjectProvider<SandboxProvider> sandbox, ObjectProvider<FileStoreProvider> files,
			ObjectProvider<KnowledgeProvider> knowledge, ObjectProvider<ModelClientProvider> model) {
		this.sandbox = sandbox;
		this.files = files;
		this.knowledge = knowledge;
		this.model = model;
	}

	Optional<SandboxProvider> sandbox() {
		return Optional.ofNullable(sandbox.getIfAvailable());
	}

	Optional<FileStoreProvider> files() {
		return Optional.ofNullable(files.getIfAvailable());
	}

	Optional<KnowledgeProvider> knowledge() {
		return Optional.ofNullable(knowledge.getIfAvailable());
	}

	Optional<ModelClientProvider> model() {
		return Optional.ofNullable(model.getIfAvailable());
	}
}
