package io.toolgate.gateway.tools;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What became of a plugin jar. */
public enum PluginStatus {

	/** Loaded and started: its tools are usable. */
	STARTED,

	/** Refused: the jar is broken, or a tool name clashes; {@link PluginInfo#reason()} says why. */
	FAILED,

	/** Loaded but not started, because PF4J's {@code disabled.txt} / {@code enabled.txt} in the plugins directory say so. */
	STOPPED;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}
}
