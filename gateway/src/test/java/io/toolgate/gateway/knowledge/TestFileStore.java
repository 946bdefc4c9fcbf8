package io.toolgate.gateway.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.toolgate.gateway.tools.HostServices;
import io.toolgate.plugin.api.FileStore;

/**
 * A stand-in for the files package's {@link HostServices.FileStoreProvider} until that package is merged: files
 * under {@code <data-dir>/test-files/<user id>/<file id>/<name>}, each user seeing only their own (another user's
 * id is empty, as the real store promises). Kept under the data directory so it survives a gateway restart.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestFileStore {

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]+");

	@Bean
	HostServices.FileStoreProvider testFileStoreProvider(@Value("${toolgate.data-dir}") Path dataDir) {
		Path root = dataDir.resolve("test-files");
		return caller -> new UserFiles(root.resolve(caller.userId()));
	}

	/** Stores a file for a user directly (tests that do not go through an API). */
	public static String save(Path dataDir, String userId, String name, byte[] content) {
		try {
			Path source = Files.createTempFile("upload", ".bin");
			Files.write(source, content);
			return new UserFiles(dataDir.resolve("test-files").resolve(userId)).save(name, "application/octet-stream", source)
				.id();
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	record UserFiles(Path dir) implements FileStore {

		@Override
		public StoredFile save(String name, String mediaType, Path source) throws IOException {
			String id = "file-" + UUID.randomUUID().toString().replace("-", "");
			Path target = dir.resolve(id).resolve(Path.of(name).getFileName().toString());
			Files.createDirectories(target.getParent());
			Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
			return new StoredFile(id, target.getFileName().toString(), mediaType, Files.size(target));
		}

		@Override
		public Optional<Path> open(String fileId) {
			if (!SAFE.matcher(fileId).matches() || !Files.isDirectory(dir.resolve(fileId))) {
				return Optional.empty();
			}
			try (var files = Files.list(dir.resolve(fileId))) {
				return files.findFirst();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
	}
}
