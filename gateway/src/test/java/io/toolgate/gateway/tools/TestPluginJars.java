package io.toolgate.gateway.tools;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.pf4j.Extension;

import io.toolgate.gateway.TestUpstreams;
import io.toolgate.plugin.api.Tool;

/**
 * Plugin jars for tests: the bundled clock plugin as the build made it, and small plugins compiled at test time
 * with the JDK's compiler (good ones, and every kind of broken one).
 */
public final class TestPluginJars {

	private TestPluginJars() {
	}

	/** The clock plugin jar that {@code ./mvnw verify} builds before the gateway. */
	static Path clockJar() {
		Path jar = TestUpstreams.repoRoot().resolve("plugins/clock/target/toolgate-plugin-clock.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build the plugin modules first (./mvnw verify builds "
					+ "them before the gateway, or ./mvnw -pl plugins/clock -am install)");
		}
		return jar;
	}

	/** The websearch plugin jar that {@code ./mvnw verify} builds before the gateway. */
	public static Path websearchJar() {
		return bundledJar("plugins/websearch/target/toolgate-plugin-websearch.jar");
	}

	/** The ppt_maker plugin jar that {@code ./mvnw verify} builds before the gateway. */
	public static Path pptMakerJar() {
		return bundledJar("plugins/ppt_maker/target/toolgate-plugin-ppt-maker.jar");
	}

	/** A bundled plugin's jar as its module's build made it. */
	public static Path bundledJar(String relativePath) {
		Path jar = TestUpstreams.repoRoot().resolve(relativePath);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build the plugin modules first (./mvnw verify builds "
					+ "them before the gateway, or ./mvnw -pl <plugin module> -am install)");
		}
		return jar;
	}

	/** Source of a tool class {@code <pkg>.NamedTool} whose spec has this name and whose call answers {@code answer}. */
	static String toolSource(String pkg, String toolName, String answer) {
		return """
				package %s;
				public class NamedTool implements io.toolgate.plugin.api.Tool {
					public io.toolgate.plugin.api.ToolSpec spec() {
						return io.toolgate.plugin.api.ToolSpec.of("%s", "a test tool", null);
					}
					public io.toolgate.plugin.api.ToolResult call(io.toolgate.plugin.api.ToolCall call,
							io.toolgate.plugin.api.ToolContext context) {
						return io.toolgate.plugin.api.ToolResult.text("%s");
					}
				}
				""".formatted(pkg, toolName, answer);
	}

	/** A tool whose spec() throws. */
	static String brokenSpecSource(String pkg) {
		return """
				package %s;
				public class NamedTool implements io.toolgate.plugin.api.Tool {
					public io.toolgate.plugin.api.ToolSpec spec() {
						throw new IllegalStateException("spec is broken on purpose");
					}
					public io.toolgate.plugin.api.ToolResult call(io.toolgate.plugin.api.ToolCall call,
							io.toolgate.plugin.api.ToolContext context) {
						return null;
					}
				}
				""".formatted(pkg);
	}

	/**
	 * Builds a plugin jar.
	 *
	 * @param manifest main attributes besides Manifest-Version (e.g. Plugin-Id, Plugin-Version); null for no manifest
	 * @param sources Java sources by fully qualified class name, compiled against plugin-api and PF4J
	 * @param index lines of META-INF/extensions.idx; null for no index
	 */
	static byte[] jar(Map<String, String> manifest, Map<String, String> sources, List<String> index) throws IOException {
		return jar(manifest, sources, index, Map.of());
	}

	/** As {@link #jar(Map, Map, List)}, plus these entries (path in the jar to bytes). */
	static byte[] jar(Map<String, String> manifest, Map<String, String> sources, List<String> index,
			Map<String, byte[]> extraEntries) throws IOException {
		return jar(manifest, sources, Map.of(), index, extraEntries);
	}

	/**
	 * A plugin built against a newer plugin-api: its sources compile against {@code newerApi} too (e.g. a class
	 * {@code io.toolgate.plugin.api.Something} this gateway's API lacks), which is not in the jar, so using it fails
	 * at run time with a {@link LinkageError} ({@link NoClassDefFoundError}), as it would in production.
	 */
	static byte[] jarBuiltAgainstNewerApi(Map<String, String> manifest, Map<String, String> sources,
			Map<String, String> newerApi, List<String> index) throws IOException {
		return jar(manifest, sources, newerApi, index, Map.of());
	}

	private static byte[] jar(Map<String, String> manifest, Map<String, String> sources,
			Map<String, String> compileOnly, List<String> index, Map<String, byte[]> extraEntries) throws IOException {
		Path classes = Files.createTempDirectory("test-plugin-classes");
		if (!sources.isEmpty()) {
			Map<String, String> all = new java.util.HashMap<>(sources);
			all.putAll(compileOnly);
			compile(all, classes);
			for (String name : compileOnly.keySet()) {
				Files.deleteIfExists(classes.resolve(name.replace('.', '/') + ".class"));
			}
		}
		var bytes = new java.io.ByteArrayOutputStream();
		Manifest mf = new Manifest();
		mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		if (manifest != null) {
			manifest.forEach((key, value) -> mf.getMainAttributes().putValue(key, value));
		}
		try (JarOutputStream jar = manifest == null ? new JarOutputStream(bytes) : new JarOutputStream(bytes, mf)) {
			if (index != null) {
				jar.putNextEntry(new JarEntry(PluginHost.EXTENSIONS_INDEX));
				jar.write(String.join("\n", index).getBytes(StandardCharsets.UTF_8));
				jar.closeEntry();
			}
			for (Map.Entry<String, byte[]> extra : extraEntries.entrySet()) {
				jar.putNextEntry(new JarEntry(extra.getKey()));
				jar.write(extra.getValue());
				jar.closeEntry();
			}
			try (Stream<Path> files = Files.walk(classes)) {
				for (Path file : files.filter(Files::isRegularFile).toList()) {
					jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
					jar.write(Files.readAllBytes(file));
					jar.closeEntry();
				}
			}
		}
		return bytes.toByteArray();
	}

	/** A plugin offering one tool of this name: a {@code NamedTool} in a package named after the plugin. */
	static byte[] toolPlugin(String pluginId, String version, String toolName, String answer) throws IOException {
		String pkg = "test.plugin." + pluginId.replace('-', '_');
		return jar(Map.of("Plugin-Id", pluginId, "Plugin-Version", version),
				Map.of(pkg + ".NamedTool", toolSource(pkg, toolName, answer)), List.of(pkg + ".NamedTool"));
	}

	/** The plugin API's class files, as a careless plugin build that bundles the API would put them in its jar. */
	static Map<String, byte[]> apiClasses() throws IOException {
		Map<String, byte[]> classes = new java.util.TreeMap<>();
		Path location = Path.of(location(Tool.class));
		if (Files.isDirectory(location)) {
			try (Stream<Path> files = Files.walk(location.resolve("io/toolgate/plugin/api"))) {
				for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
					classes.put(location.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
				}
			}
		}
		else {
			try (var jar = new java.util.jar.JarFile(location.toFile())) {
				for (JarEntry entry : java.util.Collections.list(jar.entries())) {
					if (entry.getName().startsWith("io/toolgate/plugin/api/") && entry.getName().endsWith(".class")) {
						classes.put(entry.getName(), jar.getInputStream(entry).readAllBytes());
					}
				}
			}
		}
		if (classes.isEmpty()) {
			throw new IllegalStateException("no plugin API classes found in " + location);
		}
		return classes;
	}

	/** Writes the jar beside the target under a hidden name, then renames it: how a careful operator drops a jar. */
	static void drop(Path pluginsDir, String name, byte[] jar) throws IOException {
		Path staging = pluginsDir.resolve("." + name + ".part");
		Files.write(staging, jar);
		Files.move(staging, pluginsDir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static void compile(Map<String, String> sources, Path classes) throws IOException {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		Path src = Files.createTempDirectory("test-plugin-src");
		List<Path> files = new ArrayList<>();
		for (Map.Entry<String, String> source : sources.entrySet()) {
			Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
			Files.createDirectories(file.getParent());
			Files.writeString(file, source.getValue());
			files.add(file);
		}
		String classpath = location(Tool.class) + java.io.File.pathSeparator + location(Extension.class);
		StringWriter errors = new StringWriter();
		try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
			Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(files);
			boolean ok = compiler.getTask(errors, fileManager, null,
					List.of("-proc:none", "--release", "17", "-classpath", classpath, "-d", classes.toString()), null, units)
				.call();
			if (!ok) {
				throw new IllegalStateException("test plugin does not compile:\n" + errors);
			}
		}
	}

	private static String location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}
}
