package io.toolgate.gateway.tools;

import java.util.List;

/** Something that contributes tools: the plugin host, or tools built into the gateway. */
public interface ToolSource {

	/** The tools available right now (a plugin source changes as jars come and go). */
	List<RegisteredTool> tools();
}
