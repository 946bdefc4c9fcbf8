package io.toolgate.gateway.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.toolgate.plugin.api.Artifact;

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

		/** Where {@code Sandbox.copyOut} puts files: artifacts from there are accepted like the workspace's. */
		Path staging();
	}

	/** Gives a call the calling user's files and stores its artifacts (implemented by the files package). */
	public interface FileStoreProvider {

		/**
		 * The caller's files as a tool sees them.
		 * @param workspace the call's workspace: the only place {@code save} copies files from
		 */
		FileStore filesFor(ToolCaller caller, Path workspace);

		/**
		 * Stores a call's artifacts as the caller's files. An artifact whose file is not inside one of the
		 * allowed directories (after resolving links) is refused, so a tool cannot hand out arbitrary host files.
		 * @param allowedRoots directories the call may publish from (its workspace; relative paths resolve there)
		 */
		Mono<ArtifactIntake> storeArtifacts(ToolCaller caller, List<Artifact> artifacts, List<Path> allowedRoots);
	}

	/**
	 * What became of a call's artifacts.
	 *
	 * @param stored the stored ones, in the tool's order
	 * @param refused for each refused one, why (for the model to read)
	 */
	public record ArtifactIntake(List<ToolArtifact> stored, List<String> refused) {

		public ArtifactIntake {
			stored = List.copyOf(stored);
			refused = List.copyOf(refused);
		}

		/** The lines appended to the tool's result so that the model can tell the user about the files. */
		public String describe() {
			StringBuilder text = new StringBuilder();
			if (!stored.isEmpty()) {
				text.append("Files produced (stored for the user, who can download them):");
				for (ToolArtifact artifact : stored) {
					text.append("\n- ").append(artifact.filename()).append(" (file id ").append(artifact.fileId())
						.append(", ").append(artifact.mediaType()).append(", ").append(artifact.bytes())
						.append(" bytes): download ").append(artifact.url()).append(", sandbox path ")
						.append(artifact.sandboxPath());
				}
			}
			for (String reason : refused) {
				text.append(text.isEmpty() ? "" : "\n").append("A file was not stored: ").append(reason);
			}
			return text.toString();
		}
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

	/**
	 * Where a call's artifacts may come from: its workspace, its scratch directory, and the sandbox's copy-out
	 * staging directory.
	 */
	List<Path> artifactRoots(Path workspace, Path scratch) {
		SandboxProvider provider = sandbox.getIfAvailable();
		return provider == null ? List.of(workspace, scratch) : List.of(workspace, scratch, provider.staging());
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
