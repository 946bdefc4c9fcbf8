package io.toolgate.gateway.tools;

import java.util.List;

import org.springframework.stereotype.Component;

/** The tools of the plugins that are started right now; changes as jars come and go. */
@Component
public class PluginToolSource implements ToolSource {

	private final PluginHost host;

	public PluginToolSource(PluginHost host) {
		this.host = host;
	}

	@Override
	public List<RegisteredTool> tools() {
		return host.tools();
	}
}
