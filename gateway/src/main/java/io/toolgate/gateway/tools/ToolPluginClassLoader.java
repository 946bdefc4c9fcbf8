package io.toolgate.gateway.tools;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader. The plugin's own classes come first, so a plugin may bundle whatever libraries it
 * likes, except the plugin API and PF4J, which always come from the gateway: a plugin that bundled its own copy
 * of {@code io.toolgate.plugin.api.Tool} would otherwise implement a different {@code Tool} than the one the
 * gateway looks for, and offer no tools at all.
 */
final class ToolPluginClassLoader extends PluginClassLoader {

	static final String API_PACKAGE = "io.toolgate.plugin.api.";

	ToolPluginClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader gateway) {
		super(manager, descriptor, gateway, ClassLoadingStrategy.PDA);
	}

	@Override
	protected boolean shouldDelegateToParent(String className) {
		return className.startsWith(API_PACKAGE) || super.shouldDelegateToParent(className);
	}
}
