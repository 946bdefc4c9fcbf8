package io.toolgate.gateway.upstream.llamacpp;

import java.util.List;

/**
 * Finds the request's stop sequences in generated text as it streams. Text that could be the beginning of a
 * stop sequence is held back until it is clear that it is not, so a client never sees part of a stop
 * sequence. Done in Java rather than by llama.cpp so that the gateway knows exactly why a generation ended.
 */
final class StopSequences {

	private final List<String> stops;

	private final StringBuilder pending = new StringBuilder();

	private boolean matched;

	StopSequences(List<String> stops) {
		this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
	}

	/** Adds generated text; returns the text that is safe to send now. */
	String accept(String text) {
		if (matched) {
			return "";
		}
		pending.append(text);
		int cut = -1;
		for (String stop : stops) {
			int at = pending.indexOf(stop);
			if (at >= 0 && (cut < 0 || at < cut)) {
				cut = at;
			}
		}
		if (cut >= 0) {
			matched = true;
			String out = pending.substring(0, cut);
			pending.setLength(0);
			return out;
		}
		int keep = longestPrefixAtEnd();
		String out = pending.substring(0, pending.length() - keep);
		pending.delete(0, pending.length() - keep);
		return out;
	}

	/** Whether a stop sequence was found (the generation should end). */
	boolean matched() {
		return matched;
	}

	/** Text held back when the generation ends without a match. */
	String flush() {
		String out = matched ? "" : pending.toString();
		pending.setLength(0);
		return out;
	}

	/** Length of the longest end of the pending text that is a proper prefix of some stop sequence. */
	private int longestPrefixAtEnd() {
		String text = pending.toString();
		int best = 0;
		for (String stop : stops) {
			for (int length = Math.min(stop.length() - 1, text.length()); length > best; length--) {
				if (text.regionMatches(text.length() - length, stop, 0, length)) {
					best = length;
					break;
				}
			}
		}
		return best;
	}
}
