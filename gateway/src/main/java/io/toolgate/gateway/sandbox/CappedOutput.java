package io.toolgate.gateway.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One output stream of a command, kept up to a number of characters; the rest is counted, not kept, so a
 * command printing gigabytes costs no memory. The text ends with a note saying how much was cut.
 */
final class CappedOutput {

	private final int limitChars;

	// UTF-8 needs at most 4 bytes a character: keeping 4 × limit bytes always yields the first limit characters.
	private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

	private final int keptLimitBytes;

	private long totalBytes;

	CappedOutput(int limitChars) {
		this.limitChars = limitChars;
		this.keptLimitBytes = Math.multiplyExact(limitChars, 4);
	}

	synchronized void append(byte[] bytes) {
		totalBytes += bytes.length;
		int room = keptLimitBytes - kept.size();
		if (room > 0) {
			kept.write(bytes, 0, Math.min(room, bytes.length));
		}
	}

	synchronized String text() {
		String decoded = kept.toString(StandardCharsets.UTF_8);
		boolean cutBytes = totalBytes > kept.size();
		if (decoded.length() <= limitChars && !cutBytes) {
			return decoded;
		}
		String shown = decoded.substring(0, Math.min(limitChars, decoded.length()));
		long shownBytes = shown.getBytes(StandardCharsets.UTF_8).length;
		return shown + "\n[output cut: showing the first " + shown.length() + " characters; "
				+ (totalBytes - shownBytes) + " more bytes were not kept]";
	}
}
