package io.toolgate.gateway;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the gateway keeps its state ({@code toolgate.*}).
 *
 * @param dataDir SQLite file, uploads, artifacts, vectors, keys
 * @param pluginsDir PF4J plugin jars, watched at run time
 * @param adminKey the first admin's API key on first start ({@code TOOLGATE_ADMIN_KEY}); empty = generate one
 */
@ConfigurationProperties("toolgate")
public record GatewayProperties(Path dataDir, Path pluginsDir, String adminKey) {

	/**
	 * Where the users' workspaces are ({@code <data-dir>/workspaces/<user id>}): what tools get as
	 * {@code ToolContext.workspace()} and the sandbox mounts at {@code /workspace}.
	 */
	public Path workspaces() {
		return dataDir.resolve("workspaces");
	}
}
