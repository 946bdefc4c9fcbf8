package io.toolgate.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads a {@code .env} file (from the working directory, else beside the jar) as if its lines were
 * environment variables: {@code TOOLGATE_ROUTING_MAX_ATTEMPTS=5} sets {@code toolgate.routing.max-attempts}.
 * Real environment variables and command-line arguments win over it; it wins over {@code application.yml}.
 * Spring Boot's own {@code spring.config.import} of a .env file would not map variable-style names.
 */
public class DotEnvFile implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "dotenv-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Path file = locate(application);
		if (file == null) {
			return;
		}
		SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(SOURCE_NAME,
				new LinkedHashMap<>(parse(read(file))));
		if (environment.getPropertySources().contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources()
				.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
		}
		else {
			environment.getPropertySources().addLast(source);
		}
	}

	private static Path locate(SpringApplication application) {
		Path cwd = Path.of(".env");
		if (Files.isRegularFile(cwd)) {
			return cwd;
		}
		Class<?> main = application.getMainApplicationClass();
		if (main != null) {
			Path besideJar = new ApplicationHome(main).getDir().toPath().resolve(".env");
			if (Files.isRegularFile(besideJar)) {
				return besideJar;
			}
		}
		return null;
	}

	private static List<String> read(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
		}
	}

	/** {@code KEY=VALUE} lines; {@code export} prefixes, comments, blank lines and surrounding quotes allowed. */
	static Map<String, Object> parse(List<String> lines) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (String raw : lines) {
			String line = raw.strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			if (line.startsWith("export ")) {
				line = line.substring(7).strip();
			}
			int eq = line.indexOf('=');
			if (eq <= 0) {
				continue;
			}
			String key = line.substring(0, eq).strip();
			String value = line.substring(eq + 1).strip();
			if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
					|| value.startsWith("'") && value.endsWith("'"))) {
				value = value.substring(1, value.length() - 1);
			}
			else {
				int comment = value.indexOf(" #");
				if (comment >= 0) {
					value = value.substring(0, comment).strip();
				}
			}
			values.put(key, value);
		}
		return values;
	}
}
