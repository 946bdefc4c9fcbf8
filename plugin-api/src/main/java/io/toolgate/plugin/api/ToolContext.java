package io.toolgate.plugin.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the gateway offers a tool during one call: who is calling, where it may write, its configuration,
 * and host services. A service the running gateway does not offer throws {@link UnsupportedOperationException}
 * with a message saying so.
 */
public interface ToolContext {

	/** The calling user's id. */
	String userId();

	/** The calling user's name. */
	String username();

	/** The chat session, or null for a request without one. */
	String sessionId();

	/** A directory only this user's calls use, created on first use; files written here may become artifacts. */
	Path workspace();

	/**
	 * A fresh directory for this call only, on the gateway's host and out of reach of the user's sandbox
	 * container (unlike {@link #workspace()}, which the container can write at any time). Put here what the
	 * gateway will read or run while the call lasts (scripts, intermediate files) and the files to return as
	 * artifacts. Created on first use; deleted once the call's artifacts are stored.
	 */
	Path scratch();

	/** This plugin's settings from the gateway configuration ({@code toolgate.tools.<tool>.config.*}). */
	Map<String, String> config();

	/** Reports progress of a long call; streaming clients see it as tool activity. */
	void progress(String message);

	/** Runs commands in the user's isolated container. */
	Sandbox sandbox();

	/** Stores and reads the user's files. */
	FileStore files();

	/** Searches and fills the user's knowledge collections. */
	Knowledge knowledge();

	/** Asks a language model for a completion. */
	ModelClient model();
}
