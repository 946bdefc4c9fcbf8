package io.toolgate.gateway.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.GatewayProperties;
import io.toolgate.plugin.api.Tool;
import io.toolgate.plugin.api.ToolSpec;

/**
 * Loads the plugin jars of {@code toolgate.plugins-dir} with PF4J and keeps their tools.
 *
 * <p>{@link #synchronize()} makes the loaded plugins match the directory: new jars are loaded and started, removed
 * jars are stopped and unloaded, changed jars are reloaded. It is called at start-up and by
 * {@link PluginDirectoryWatcher} whenever the directory changed; calls are serialised. Readers
 * ({@link #tools()}, {@link #plugins()}) never wait: they get the last published immutable snapshot.
 *
 * <p>A jar is refused, with the reason in its {@link PluginInfo}, when it is not a jar, has no plugin manifest,
 * declares no {@link Tool} extension, cannot load or create one, has a {@code spec()} that fails, or offers a tool
 * name that a built-in tool or an already started plugin offers. Nothing a jar does can stop the gateway.
 *
 * <p>PF4J loads a private copy of each jar, never the file in the plugin directory, so that overwriting or deleting
 * that file can never corrupt classes that the running plugin has still to load.
 */
@Component
public class PluginHost implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

	static final String EXTENSIONS_INDEX = "META-INF/extensions.idx";

	private final Path pluginsDir;

	private final BuiltinToolSource builtins;

	private final ToolPluginManager manager;

	private final Path copies;

	/** Every jar of the directory that was acted on, by file name; guarded by {@code this}. */
	private final Map<String, Entry> entries = new TreeMap<>();

	private long copyCount;

	private boolean closed;

	private volatile List<RegisteredTool> tools = List.of();

	private volatile List<PluginInfo> plugins = List.of();

	public PluginHost(GatewayProperties properties, BuiltinToolSource builtins) throws IOException {
		this.pluginsDir = properties.pluginsDir().toAbsolutePath().normalize();
		this.builtins = builtins;
		this.manager = new ToolPluginManager(pluginsDir);
		this.copies = Files.createTempDirectory("toolgate-plugin-copies");
	}

	/** The plugin directory, absolute. */
	public Path pluginsDir() {
		return pluginsDir;
	}

	/** The tools of all started plugins. */
	public List<RegisteredTool> tools() {
		return tools;
	}

	/** Every jar of the plugin directory and what became of it, by file name. */
	public List<PluginInfo> plugins() {
		return plugins;
	}

	/** Brings the loaded plugins in line with the jars in the plugin directory (creating it if missing). */
	public synchronized void synchronize() {
		if (closed) {
			return;
		}
		Map<String, Path> present;
		try {
			Files.createDirectories(pluginsDir);
			present = jars();
		}
		catch (IOException e) {
			log.warn("Cannot read the plugin directory {}: {}", pluginsDir, describe(e));
			return;
		}
		boolean freed = false;
		for (Entry entry : List.copyOf(entries.values())) {
			if (!present.containsKey(entry.jar())) {
				withdraw(entry);
				freed |= entry.started();
				log.info("Plugin jar {} was removed{}", entry.jar(), entry.started() ? ": its tools are gone" : "");
			}
		}
		for (Map.Entry<String, Path> jar : present.entrySet()) {
			Fingerprint fingerprint = Fingerprint.of(jar.getValue());
			Entry known = entries.get(jar.getKey());
			if (fingerprint == null || (known != null && known.fingerprint().equals(fingerprint))) {
				continue;
			}
			if (known != null) {
				withdraw(known);
				freed |= known.started();
				log.info("Plugin jar {} changed: reloading it", jar.getKey());
			}
			load(jar.getKey(), jar.getValue(), fingerprint);
		}
		if (freed) {
			// A jar refused because another one held its tool names or plugin id may fit now.
			for (Entry entry : List.copyOf(entries.values())) {
				if (entry.retryWhenFreed()) {
					entries.remove(entry.jar());
					load(entry.jar(), pluginsDir.resolve(entry.jar()), entry.fingerprint());
				}
			}
		}
		publish();
	}

	/** Stops and unloads every plugin; later calls of {@link #synchronize()} do nothing. */
	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		entries.values().forEach(this::unload);
		entries.clear();
		publish();
		try (Stream<Path> left = Files.list(copies)) {
			left.forEach(PluginHost::deleteQuietly);
		}
		catch (IOException e) {
			log.debug("Cannot list {}", copies, e);
		}
		deleteQuietly(copies);
	}

	/** The complete-looking {@code *.jar} files of the directory by name; hidden files are someone's work in progress. */
	private Map<String, Path> jars() throws IOException {
		Map<String, Path> jars = new TreeMap<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(pluginsDir)) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				if (isPluginJarName(name) && Files.isRegularFile(file)) {
					jars.put(name, file);
				}
			}
		}
		return jars;
	}

	static boolean isPluginJarName(String name) {
		return name.toLowerCase(Locale.ROOT).endsWith(".jar") && !name.startsWith(".");
	}

	private void load(String jar, Path file, Fingerprint fingerprint) {
		Path copy = copies.resolve(++copyCount + "-" + jar);
		Descriptor descriptor = null;
		try {
			Files.copy(file, copy);
			if (!fingerprint.equals(Fingerprint.of(file))) {
				// Still being written: the writer's next change brings the watcher back.
				deleteQuietly(copy);
				return;
			}
			descriptor = Descriptor.read(copy);
			String heldBy = jarOfPlugin(descriptor.id());
			if (heldBy != null) {
				throw new Refusal("plugin id '" + descriptor.id() + "' is already loaded from " + heldBy
						+ "; remove one of the two jars", true);
			}
			manager.loadPlugin(copy);
			PluginWrapper plugin = manager.getPlugin(descriptor.id());
			if (plugin.getPluginState() == PluginState.DISABLED) {
				if (plugin.getFailedException() != null) {
					throw new Refusal("PF4J refused it: " + describe(plugin.getFailedException())
							+ " (check Plugin-Requires and Plugin-Dependencies)", false);
				}
				manager.unloadPlugin(descriptor.id());
				deleteQuietly(copy);
				entries.put(jar, new Entry(jar, fingerprint, null, null, new PluginInfo(descriptor.id(),
						descriptor.version(), jar, PluginStatus.STOPPED,
						"disabled by disabled.txt or enabled.txt in the plugin directory (read at start-up)", List.of()), List.of(), false));
				log.info("Plugin {} ({}) is disabled in the plugin directory's enabled.txt/disabled.txt", descriptor.id(), jar);
				return;
			}
			PluginState state = manager.startPlugin(descriptor.id());
			if (state != PluginState.STARTED) {
				Throwable failure = plugin.getFailedException();
				throw new Refusal("it did not start (PF4J state " + state + ")"
						+ (failure == null ? "; check its Plugin-Dependencies" : ": " + describe(failure)), false);
			}
			List<RegisteredTool> offered = discoverTools(plugin);
			refuseClashes(offered);
			entries.put(jar, new Entry(jar, fingerprint, descriptor.id(), copy, new PluginInfo(descriptor.id(),
					descriptor.version(), jar, PluginStatus.STARTED, null,
					offered.stream().map(tool -> PluginInfo.ToolInfo.of(tool.spec())).toList()), offered, false));
			log.info("Plugin {} {} ({}) started with tools {}", descriptor.id(), descriptor.version(), jar,
					offered.stream().map(RegisteredTool::name).toList());
		}
		catch (Refusal refusal) {
			fail(jar, fingerprint, descriptor, copy, refusal.getMessage(), refusal.retryWhenFreed, null);
		}
		catch (Exception | LinkageError e) {
			fail(jar, fingerprint, descriptor, copy, describe(e), false, e);
		}
	}

	private void fail(String jar, Fingerprint fingerprint, Descriptor descriptor, Path copy, String reason,
			boolean retryWhenFreed, Throwable cause) {
		// Whatever part of it PF4J holds goes, so that a fixed jar with the same id can load later.
		if (descriptor != null && jarOfPlugin(descriptor.id()) == null && manager.getPlugin(descriptor.id()) != null) {
			unloadFromPf4j(descriptor.id());
		}
		deleteQuietly(copy);
		entries.put(jar, new Entry(jar, fingerprint, null, null,
				new PluginInfo(descriptor == null ? null : descriptor.id(), descriptor == null ? null : descriptor.version(),
						jar, PluginStatus.FAILED, reason, List.of()),
				List.of(), retryWhenFreed));
		log.warn("Plugin jar {} refused: {}", jar, reason);
		if (cause != null) {
			log.debug("Plugin jar {} failure", jar, cause);
		}
	}

	/** The {@link Tool}s that the plugin's {@code META-INF/extensions.idx} names, created once, with their specs. */
	private List<RegisteredTool> discoverTools(PluginWrapper plugin) throws IOException {
		ClassLoader loader = plugin.getPluginClassLoader();
		// findResource, not getResource: a plugin without an index must not see the gateway's own index.
		URL index = loader instanceof URLClassLoader own ? own.findResource(EXTENSIONS_INDEX) : null;
		if (index == null) {
			throw new Refusal("the jar has no " + EXTENSIONS_INDEX + ", so it declares no @Extension classes "
					+ "(does its build run PF4J's annotation processor?)", false);
		}
		Set<String> classNames = readIndex(index);
		List<RegisteredTool> offered = new ArrayList<>();
		Set<String> names = new HashSet<>();
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			for (String className : classNames) {
				Class<?> type;
				try {
					type = loader.loadClass(className);
				}
				catch (ClassNotFoundException | LinkageError e) {
					throw new Refusal("extension class " + className + " cannot be loaded: " + describe(e), false);
				}
				if (!Tool.class.isAssignableFrom(type)) {
					continue; // an extension of some other extension point
				}
				Tool tool = create(type);
				ToolSpec spec;
				try {
					spec = tool.spec();
				}
				catch (Exception | LinkageError e) {
					throw new Refusal(className + ".spec() failed: " + describe(e), false);
				}
				if (spec == null) {
					throw new Refusal(className + ".spec() returned null", false);
				}
				if (!names.add(spec.name())) {
					throw new Refusal("it offers the tool name '" + spec.name() + "' twice", false);
				}
				offered.add(new RegisteredTool(spec, tool, plugin.getPluginId(),
						plugin.getDescriptor().getVersion(), loader));
			}
		}
		finally {
			thread.setContextClassLoader(previous);
		}
		if (offered.isEmpty()) {
			throw new Refusal("none of its extensions " + classNames + " implements " + Tool.class.getName(), false);
		}
		return offered;
	}

	/** Instantiated directly rather than through PF4J's factory, which would log and hide the reason. */
	private static Tool create(Class<?> type) {
		try {
			return (Tool) type.getDeclaredConstructor().newInstance();
		}
		catch (InvocationTargetException e) {
			throw new Refusal(type.getName() + " cannot be created: " + describe(e.getCause()), false);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
			throw new Refusal(type.getName() + " cannot be created (it needs a public no-argument constructor): "
					+ describe(e), false);
		}
	}

	private static Set<String> readIndex(URL index) throws IOException {
		Set<String> classNames = new LinkedHashSet<>();
		try (InputStream in = index.openStream();
				BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				line = line.strip();
				if (!line.isEmpty() && !line.startsWith("#")) {
					classNames.add(line);
				}
			}
		}
		return classNames;
	}

	private void refuseClashes(List<RegisteredTool> offered) {
		Set<String> builtinNames = new HashSet<>();
		builtins.tools().forEach(tool -> builtinNames.add(tool.name()));
		for (RegisteredTool tool : offered) {
			if (builtinNames.contains(tool.name())) {
				throw new Refusal("its tool name '" + tool.name() + "' clashes with a tool built into the gateway", false);
			}
			for (Entry other : entries.values()) {
				if (other.tools().stream().anyMatch(existing -> existing.name().equals(tool.name()))) {
					throw new Refusal("its tool name '" + tool.name() + "' is already offered by plugin '"
							+ other.pluginId() + "' (" + other.jar() + "); remove one of the two jars or rename the tool",
							true);
				}
			}
		}
	}

	private String jarOfPlugin(String pluginId) {
		return entries.values()
			.stream()
			.filter(entry -> pluginId.equals(entry.pluginId()))
			.map(Entry::jar)
			.findFirst()
			.orElse(null);
	}

	/**
	 * Takes the jar's tools out of the published snapshot first, then unloads it: no new lookup can get a tool
	 * whose class loader is closed. (A call that looked its tool up just before runs on; it fails only if it
	 * needs a class its plugin had not loaded yet.)
	 */
	private void withdraw(Entry entry) {
		entries.remove(entry.jar());
		publish();
		unload(entry);
	}

	private void unload(Entry entry) {
		if (entry.pluginId() != null) {
			unloadFromPf4j(entry.pluginId());
			log.info("Plugin {} ({}) stopped and unloaded", entry.pluginId(), entry.jar());
		}
		if (entry.copy() != null) {
			deleteQuietly(entry.copy());
		}
	}

	private void unloadFromPf4j(String pluginId) {
		PluginWrapper plugin = manager.getPlugin(pluginId);
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		try {
			if (plugin != null) {
				thread.setContextClassLoader(plugin.getPluginClassLoader());
			}
			// Stops first, then closes the class loader.
			manager.unloadPlugin(pluginId);
		}
		catch (Exception | LinkageError e) {
			log.warn("Plugin {} did not unload cleanly: {}", pluginId, describe(e));
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private void publish() {
		List<Entry> all = List.copyOf(entries.values());
		plugins = all.stream().map(Entry::info).toList();
		tools = all.stream().flatMap(entry -> entry.tools().stream()).toList();
	}

	/** The exception's type and message, and its root cause's: what an operator needs to fix a jar. */
	static String describe(Throwable e) {
		String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		if (root != e) {
			text += " (caused by " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
		}
		return text;
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException e) {
			// A copy still open elsewhere (Windows) is left to the temp directory's cleaner.
			log.debug("Cannot delete {}: {}", file, e.toString());
		}
	}

	/**
	 * One jar and what was done with it.
	 *
	 * @param pluginId the id under which PF4J holds it, or null when PF4J does not hold it
	 * @param copy the private copy PF4J loaded, or null
	 * @param retryWhenFreed refused only because another jar holds its plugin id or a tool name
	 */
	private record Entry(String jar, Fingerprint fingerprint, String pluginId, Path copy, PluginInfo info,
			List<RegisteredTool> tools, boolean retryWhenFreed) {

		boolean started() {
			return info.state() == PluginStatus.STARTED;
		}
	}

	/** What tells a jar apart from the one seen before: replacing it by {@code mv} or {@code cp} changes one of these. */
	private record Fingerprint(long size, FileTime modified, Object fileKey) {

		/** Null when the file vanished or cannot be read in between. */
		static Fingerprint of(Path file) {
			try {
				BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
				return new Fingerprint(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
			}
			catch (IOException e) {
				return null;
			}
		}
	}

	/** The plugin's id and version from its manifest, read before PF4J sees the jar, for clearer refusals. */
	private record Descriptor(String id, String version) {

		static Descriptor read(Path jar) {
			Manifest manifest;
			try (JarFile file = new JarFile(jar.toFile())) {
				manifest = file.getManifest();
			}
			catch (IOException e) {
				throw new Refusal("it is not a readable jar: " + describe(e), false);
			}
			if (manifest == null) {
				throw new Refusal("it has no META-INF/MANIFEST.MF, so no Plugin-Id and Plugin-Version", false);
			}
			Attributes main = manifest.getMainAttributes();
			String id = main.getValue(ManifestPluginDescriptorFinder.PLUGIN_ID);
			String version = main.getValue(ManifestPluginDescriptorFinder.PLUGIN_VERSION);
			if (id == null || id.isBlank()) {
				throw new Refusal("its MANIFEST.MF has no Plugin-Id", false);
			}
			if (version == null || version.isBlank()) {
				throw new Refusal("its MANIFEST.MF has no Plugin-Version", false);
			}
			return new Descriptor(id.strip(), version.strip());
		}
	}

	/** A jar cannot be used; the message completes "Plugin jar x.jar refused: ...". */
	private static final class Refusal extends RuntimeException {

		private final boolean retryWhenFreed;

		Refusal(String message, boolean retryWhenFreed) {
			super(message, null, false, false);
			this.retryWhenFreed = retryWhenFreed;
		}
	}
}
