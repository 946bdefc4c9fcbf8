package io.toolgate.gateway.sandbox;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the group id each command runs with: its processes, and everything they start, keep it (changing
 * it needs CAP_SETGID, which no sandbox process has, and no-new-privileges rules out set-group-id programs), so
 * it finds exactly that command's processes, whatever they did to their session, process group or environment.
 * Ids are taken in turn from a range of {@link SandboxProperties#EXEC_GIDS}; one is reused only after all
 * others were, long after the command that had it was cleaned up.
 */
final class ExecGroups {

	private final long base;

	private final AtomicLong next = new AtomicLong();

	ExecGroups(long base) {
		this.base = base;
	}

	long next() {
		return base + Math.floorMod(next.getAndIncrement(), SandboxProperties.EXEC_GIDS);
	}
}
