package io.toolgate.gateway.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The clock plugin jar as the build made it: a PF4J plugin that the gateway can load. */
class BundledPluginJarTest {

	@Test
	void clockJarHasTheExtensionIndexAndPluginManifestAndNoApiCopy() throws IOException {
		try (JarFile jar = new JarFile(TestPluginJars.clockJar().toFile())) {
			var index = jar.getJarEntry(PluginHost.EXTENSIONS_INDEX);
			assertThat(index).as("PF4J's annotation processor must write " + PluginHost.EXTENSIONS_INDEX).isNotNull();
			assertThat(new String(jar.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8))
				.contains("io.toolgate.plugins.clock.ClockTool", "io.toolgate.plugins.clock.CalculatorTool");
			var manifest = jar.getManifest().getMainAttributes();
			assertThat(manifest.getValue("Plugin-Id")).isEqualTo("clock");
			assertThat(manifest.getValue("Plugin-Version")).isNotBlank();
			assertThat(manifest.getValue("Plugin-Provider")).isEqualTo("Toolgate");
			// provided scope: the API and PF4J come from the gateway, never from the plugin.
			assertThat(jar.stream().map(e -> e.getName()))
				.noneMatch(name -> name.startsWith("io/toolgate/plugin/api/") || name.startsWith("org/pf4j/"));
		}
	}

	@Test
	void websearchJarBundlesItsRelocatedJsonLibraryButNeitherTheApiNorPf4j() throws IOException {
		try (JarFile jar = new JarFile(TestPluginJars.websearchJar().toFile())) {
			var index = jar.getJarEntry(PluginHost.EXTENSIONS_INDEX);
			assertThat(index).isNotNull();
			assertThat(new String(jar.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8))
				.contains("io.toolgate.plugins.websearch.WebSearchTool");
			assertThat(jar.getManifest().getMainAttributes().getValue("Plugin-Id")).isEqualTo("websearch");
			var names = jar.stream().map(e -> e.getName()).toList();
			assertThat(names).contains("io/toolgate/plugins/websearch/shaded/json/JSONObject.class");
			assertThat(names).noneMatch(name -> name.startsWith("io/toolgate/plugin/api/") || name.startsWith("org/pf4j/")
					|| name.startsWith("org/json/"));
		}
	}

	@Test
	void pptMakerJarBundlesItsPromptButNeitherTheApiNorPf4j() throws IOException {
		try (JarFile jar = new JarFile(TestPluginJars.pptMakerJar().toFile())) {
			var index = jar.getJarEntry(PluginHost.EXTENSIONS_INDEX);
			assertThat(index).isNotNull();
			assertThat(new String(jar.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8))
				.contains("io.toolgate.plugins.pptmaker.PptMakerTool");
			assertThat(jar.getManifest().getMainAttributes().getValue("Plugin-Id")).isEqualTo("ppt_maker");
			var names = jar.stream().map(e -> e.getName()).toList();
			assertThat(names).contains("prompts/ppt_maker.md");
			assertThat(names).noneMatch(name -> name.startsWith("io/toolgate/plugin/api/") || name.startsWith("org/pf4j/"));
		}
	}
}
