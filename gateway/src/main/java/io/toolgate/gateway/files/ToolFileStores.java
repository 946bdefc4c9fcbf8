package io.toolgate.gateway.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import io.toolgate.gateway.tools.HostServices;
import io.toolgate.gateway.tools.ToolArtifact;
import io.toolgate.gateway.tools.ToolCaller;
import io.toolgate.plugin.api.Artifact;
import io.toolgate.plugin.api.FileStore;

/**
 * The files host service of tools: a {@link FileStore} of the calling user, and the intake of the artifacts a
 * call returns. A tool may publish only what lies in its workspace (or scratch or the sandbox's copy-out
 * directory): a path that leads elsewhere, also through a symbolic link, is refused, and the admitted file is read
 * without following links at any step, so a plugin, or a sandbox command racing it, cannot make arbitrary host files
 * downloadable.
 */
@Component
class ToolFileStores implements HostServices.FileStoreProvider {

	private static final Logger log = LoggerFactory.getLogger(ToolFileStores.class);

	private final FileService files;

	ToolFileStores(FileService files) {
		this.files = files;
	}

	@Override
	public FileStore filesFor(ToolCaller caller, Path workspace) {
		return new UserFileStore(caller.userId(), workspace, files);
	}

	@Override
	public Mono<HostServices.ArtifactIntake> storeArtifacts(ToolCaller caller, List<Artifact> artifacts,
			List<Path> allowedRoots) {
		List<ToolArtifact> stored = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		return Flux.fromIterable(artifacts)
			.concatMap(artifact -> Mono.fromCallable(() -> privateCopy(admitted(artifact.file(), allowedRoots), allowedRoots))
				.subscribeOn(files.io())
				.flatMap(copy -> files.copyIn(caller.userId(), copy, name(artifact), artifact.mediaType(),
						StoredFile.ARTIFACT_PURPOSE)
					.doFinally(signal -> deleteQuietly(copy)))
				.doOnNext(file -> stored.add(new ToolArtifact(file.id(), file.filename(), file.bytes(), file.mediaType(),
						file.downloadPath(), file.sandboxPath())))
				.onErrorResume(e -> {
					log.warn("refused an artifact of user {}: {}", caller.userId(), e.getMessage());
					refused.add("'" + name(artifact) + "': " + e.getMessage());
					return Mono.empty();
				}))
			.then(Mono.fromSupplier(() -> new HostServices.ArtifactIntake(stored, refused)));
	}

	/**
	 * A private copy of an admitted file, read without following links at any step from the allowed directory
	 * that holds it: a sandbox command swapping a directory for a link after the check cannot redirect the read.
	 */
	static Path privateCopy(Path admitted, List<Path> allowedRoots) throws IOException {
		for (Path root : allowedRoots) {
			if (!java.nio.file.Files.isDirectory(root)) {
				continue;
			}
			Path realRoot = root.toRealPath();
			if (admitted.startsWith(realRoot)) {
				Path copy = java.nio.file.Files.createTempFile("toolgate-artifact-", null);
				try {
					LinkFreeCopy.copy(realRoot, realRoot.relativize(admitted), copy);
					return copy;
				}
				catch (IOException | RuntimeException e) {
					deleteQuietly(copy);
					throw e;
				}
			}
		}
		throw new IllegalArgumentException("the file is outside the tool's workspace");
	}

	private static void deleteQuietly(Path file) {
		try {
			java.nio.file.Files.deleteIfExists(file);
		}
		catch (IOException e) {
			log.debug("could not delete {}: {}", file, e.toString());
		}
	}

	private static String name(Artifact artifact) {
		if (artifact.name() != null && !artifact.name().isBlank()) {
			return artifact.name();
		}
		return artifact.file() == null || artifact.file().getFileName() == null ? "file"
				: artifact.file().getFileName().toString();
	}

	/**
	 * The real path of a file a tool wants to publish, if it lies inside one of the allowed directories (links
	 * resolved first). A relative path is taken relative to the first of them, the call's workspace. Blocks.
	 */
	static Path admitted(Path file, List<Path> allowedRoots) throws IOException {
		if (file == null) {
			throw new IllegalArgumentException("the artifact names no file");
		}
		if (allowedRoots.isEmpty()) {
			throw new IllegalArgumentException("the call has no workspace to publish files from");
		}
		Path candidate = file.isAbsolute() ? file : allowedRoots.get(0).resolve(file);
		Path real;
		try {
			real = candidate.toRealPath();
		}
		catch (java.nio.file.NoSuchFileException e) {
			throw new IllegalArgumentException("the file does not exist");
		}
		for (Path root : allowedRoots) {
			if (!java.nio.file.Files.isDirectory(root)) {
				// e.g. the sandbox's staging directory before anything was copied out: nothing can be in it
				continue;
			}
			Path realRoot = root.toRealPath();
			if (real.startsWith(realRoot) && !real.equals(realRoot)) {
				return real;
			}
		}
		throw new IllegalArgumentException("the file is outside the tool's workspace; only files the tool wrote "
				+ "into its workspace can be published");
	}
}
