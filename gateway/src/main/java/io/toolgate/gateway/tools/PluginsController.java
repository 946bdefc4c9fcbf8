package io.toolgate.gateway.tools;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/plugins}: every jar in the plugin directory, its state, and its tools (any signed-in user). */
@RestController
public class PluginsController {

	private final PluginHost host;

	public PluginsController(PluginHost host) {
		this.host = host;
	}

	/** Reads the host's last published state: in memory, so it never blocks the event loop. */
	@GetMapping("/api/plugins")
	public List<PluginInfo> plugins() {
		return host.plugins();
	}
}
