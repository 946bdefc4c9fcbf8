package io.toolgate.plugin.api;

/** Whether a tool's calls wait for a person's approval before they run (the default a plugin proposes). */
public enum ApprovalMode {

	/** Calls run at once. */
	NEVER,

	/** Every call waits for the owner or an admin to approve it. */
	ALWAYS
}
