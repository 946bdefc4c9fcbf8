package io.toolgate.gateway.tools;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the plugin directory ({@code toolgate.plugins-dir}) is watched ({@code toolgate.plugins.*}).
 *
 * @param watch whether jars added, replaced or removed at run time take effect without a restart
 * @param debounce how long the directory must stay quiet before changes are acted on, so that a jar still being
 * copied is not loaded half-written
 */
@ConfigurationProperties("toolgate.plugins")
public record PluginProperties(@DefaultValue("true") boolean watch, @DefaultValue("500ms") Duration debounce) {

	public PluginProperties {
		if (debounce == null || debounce.isNegative()) {
			throw new IllegalArgumentException("toolgate.plugins.debounce must be zero or positive");
		}
	}
}
