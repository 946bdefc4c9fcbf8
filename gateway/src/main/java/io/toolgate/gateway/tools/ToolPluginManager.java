package io.toolgate.gateway.tools;

import java.nio.file.Path;

import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.JarPluginRepository;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;

/**
 * PF4J's manager for plain plugin jars (descriptor in the MANIFEST), giving every plugin a
 * {@link ToolPluginClassLoader}. PF4J's development mode is not used: plugins are always jars.
 */
final class ToolPluginManager extends JarPluginManager {

	/** @param pluginsDir where {@code enabled.txt} / {@code disabled.txt} are read from, as PF4J does */
	ToolPluginManager(Path pluginsDir) {
		super(pluginsDir);
	}

	@Override
	protected PluginLoader createPluginLoader() {
		// Called from PF4J's constructor, before any field of this class is set: only static context here.
		return new JarPluginLoader(this) {
			@Override
			protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
				return new ToolPluginClassLoader(pluginManager, descriptor, ToolPluginManager.class.getClassLoader());
			}
		};
	}

	@Override
	protected PluginRepository createPluginRepository() {
		return new JarPluginRepository(getPluginsRoots());
	}
}
