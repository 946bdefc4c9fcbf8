package io.toolgate.gateway.files.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of an attachment, written within a character budget. What does not fit is counted and named, so
 * the model is told exactly what it does not see ("pages 4-9", "112 more rows", "3,210 more characters").
 */
public final class Excerpt {

	private final int limit;

	private final StringBuilder text = new StringBuilder();

	private final List<String> omitted = new ArrayList<>();

	private long droppedChars;

	public Excerpt(int limit) {
		this.limit = Math.max(0, limit);
	}

	/** The budget in characters. */
	public int limit() {
		return limit;
	}

	/** Whether the budget is spent: extractors stop reading then and name what they skip. */
	public boolean full() {
		return text.length() >= limit;
	}

	/** Characters that still fit. */
	public int remaining() {
		return Math.max(0, limit - text.length());
	}

	public Excerpt append(CharSequence chars) {
		int room = Math.max(0, limit - text.length());
		if (chars.length() <= room) {
			text.append(chars);
		}
		else {
			text.append(chars, 0, room);
			droppedChars += chars.length() - room;
		}
		return this;
	}

	public Excerpt line(CharSequence chars) {
		return append(chars).append("\n");
	}

	/** Text that was read but not written, counted in characters. */
	public void dropped(long chars) {
		droppedChars += chars;
	}

	/** Something skipped as a whole, e.g. {@code "pages 4-9"} or {@code "112 more rows of sheet \"Sales\""}. */
	public void omitted(String what) {
		omitted.add(what);
	}

	public boolean cut() {
		return droppedChars > 0 || !omitted.isEmpty();
	}

	/** The text, ending with a note on what was cut, if anything. */
	public String render() {
		String body = text.toString().stripTrailing();
		if (!cut()) {
			return body;
		}
		List<String> parts = new ArrayList<>(omitted);
		if (droppedChars > 0) {
			parts.add(String.format("%,d more characters", droppedChars));
		}
		return body + "\n[Cut to fit the attachment budget of " + String.format("%,d", limit) + " characters; not shown: "
				+ String.join(", ", parts) + ".]";
	}
}
