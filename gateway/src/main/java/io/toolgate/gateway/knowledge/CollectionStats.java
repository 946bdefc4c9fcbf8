package io.toolgate.gateway.knowledge;

/**
 * What a collection holds: its files by status, their bytes and passages.
 */
public record CollectionStats(int inProgress, int completed, int failed, int cancelled, long usageBytes, long chunks) {

	public static final CollectionStats EMPTY = new CollectionStats(0, 0, 0, 0, 0, 0);

	public int total() {
		return inProgress + completed + failed + cancelled;
	}
}
