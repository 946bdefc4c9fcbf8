package io.toolgate.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Creates {@code toolgate.data-dir} before anything opens the SQLite file inside it, so a first start in an empty
 * directory just works, and makes it private: the directory 0700 (tightened if it exists looser), and the SQLite
 * database 0600, created empty before SQLite opens it, because SQLite gives its {@code -wal} and {@code -shm} files
 * the database file's mode (otherwise all three would be 0644 under the usual umask).
 */
public class DataDirectoryInitializer implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String dir = environment.getProperty("toolgate.data-dir");
		if (dir == null || dir.isBlank()) {
			return;
		}
		try {
			Path dataDir = Path.of(dir);
			PrivateFiles.createDirectories(dataDir);
			PrivateFiles.restrict(dataDir);
			Path database = sqliteFile(environment.getProperty("spring.datasource.url"));
			if (database != null) {
				if (database.getParent() != null) {
					PrivateFiles.createDirectories(database.getParent());
				}
				if (!Files.exists(database)) {
					PrivateFiles.createFile(database); // an empty file is an empty SQLite database
				}
				for (String suffix : new String[] { "", "-wal", "-shm", "-journal" }) {
					PrivateFiles.restrict(database.resolveSibling(database.getFileName() + suffix));
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot create toolgate.data-dir '" + dir + "'", e);
		}
	}

	/** The file of a {@code jdbc:sqlite:<path>[?options]} URL; null for other databases and in-memory ones. */
	static Path sqliteFile(String url) {
		if (url == null || !url.startsWith("jdbc:sqlite:")) {
			return null;
		}
		String path = url.substring("jdbc:sqlite:".length());
		int options = path.indexOf('?');
		path = options < 0 ? path : path.substring(0, options);
		if (path.startsWith("file:")) {
			path = path.substring("file:".length());
		}
		if (path.isBlank() || path.startsWith(":memory:") || path.contains("mode=memory")) {
			return null;
		}
		return Path.of(path);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
