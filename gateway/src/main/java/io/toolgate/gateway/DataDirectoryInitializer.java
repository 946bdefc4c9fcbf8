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
 * Creates {@code toolgate.data-dir} before anything opens the SQLite file inside it, so a first start
 * in an empty directory just works.
 */
public class DataDirectoryInitializer implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String dir = environment.getProperty("toolgate.data-dir");
		if (dir == null || dir.isBlank()) {
			return;
		}
		try {
			Files.createDirectories(Path.of(dir));
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot create toolgate.data-dir '" + dir + "'", e);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
