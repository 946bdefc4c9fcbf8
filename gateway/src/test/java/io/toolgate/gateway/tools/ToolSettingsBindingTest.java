package io.toolgate.gateway.tools;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-tool settings bind from configuration, the sandbox's background switch included (default off). */
class ToolSettingsBindingTest {

	@Test
	void sandboxBackgroundBindsPerToolAndIsOffByDefault() {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
				"toolgate.tools.server.sandbox-background", "true",
				"toolgate.tools.server.sandbox-network", "true",
				"toolgate.tools.terminal.timeout", "30s")));
		ToolProperties properties = binder.bind("toolgate", ToolProperties.class).get();
		assertThat(properties.settings("server").sandboxBackground()).isTrue();
		assertThat(properties.settings("server").sandboxNetwork()).isTrue();
		assertThat(properties.settings("terminal").sandboxBackground()).isFalse();
		assertThat(properties.settings("terminal").timeout()).hasSeconds(30);
		assertThat(properties.settings("absent").sandboxBackground()).isFalse();
	}
}
