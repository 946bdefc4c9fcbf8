package io.toolgate.plugins.pptmaker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A deck's Marp markdown, checked before anything is rendered: not empty, not too large, text only, and with
 * at least one slide that holds something. Knows where Marp splits slides (a ruler line such as {@code ---}
 * after a blank line, outside the front matter and code fences), so the result can name the slides.
 *
 * @param text the markdown
 * @param slideTitles each slide's first heading (or its first line), in order
 */
record DeckMarkdown(String text, List<String> slideTitles) {

	/** Far more than any deck needs; a larger text is a mistake or an attack on the renderer. */
	static final int MAX_CHARS = 200_000;

	private static final Pattern RULER = Pattern.compile("^ {0,3}(([-*_])( *\\2){2,}) *$");

	private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~).*$");

	/**
	 * Checks markdown and finds its slides.
	 * @throws IllegalArgumentException with a message for the model when it cannot be a deck
	 */
	static DeckMarkdown of(String markdown) {
		if (markdown == null || markdown.isBlank()) {
			throw new IllegalArgumentException("the markdown is empty: give the deck's Marp markdown, with slides "
					+ "separated by lines holding only ---");
		}
		if (markdown.length() > MAX_CHARS) {
			throw new IllegalArgumentException("the markdown has " + markdown.length() + " characters; at most "
					+ MAX_CHARS + " are accepted");
		}
		for (int i = 0; i < markdown.length(); i++) {
			char c = markdown.charAt(i);
			if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
				throw new IllegalArgumentException("the markdown holds a control character (code " + (int) c
						+ ") at position " + i + "; it must be plain text");
			}
		}
		List<String> lines = List.of(markdown.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
		int start = frontMatterEnd(lines);
		List<List<String>> slides = new ArrayList<>();
		List<String> current = new ArrayList<>();
		boolean inFence = false;
		for (int i = start; i < lines.size(); i++) {
			String line = lines.get(i);
			if (FENCE.matcher(line).matches()) {
				inFence = !inFence;
			}
			boolean afterBlank = i == start || lines.get(i - 1).isBlank();
			if (!inFence && afterBlank && RULER.matcher(line).matches()) {
				slides.add(current);
				current = new ArrayList<>();
			}
			else {
				current.add(line);
			}
		}
		slides.add(current);
		List<String> titles = new ArrayList<>();
		for (List<String> slide : slides) {
			titles.add(title(slide));
		}
		if (titles.stream().allMatch(String::isEmpty)) {
			throw new IllegalArgumentException("the markdown has no slide content (only front matter or separators)");
		}
		return new DeckMarkdown(markdown, List.copyOf(titles));
	}

	/** The markdown a model wrote: without the code fence models like to wrap it in. */
	static DeckMarkdown fromModel(String answer) {
		String text = answer == null ? "" : answer.strip();
		if (text.startsWith("```") || text.startsWith("~~~")) {
			int firstLineEnd = text.indexOf('\n');
			String fence = text.substring(0, 3);
			text = firstLineEnd < 0 ? "" : text.substring(firstLineEnd + 1);
			int closing = text.lastIndexOf(fence);
			if (closing >= 0 && text.substring(closing + 3).isBlank()) {
				text = text.substring(0, closing);
			}
		}
		return of(text.strip() + "\n");
	}

	int slideCount() {
		return slideTitles.size();
	}

	/** A file name for the deck: the first slide's title, made safe, or {@code deck}. */
	String fileName() {
		String title = slideTitles.isEmpty() ? "" : slideTitles.get(0);
		String safe = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
		if (safe.length() > 60) {
			safe = safe.substring(0, 60).replaceAll("-+$", "");
		}
		return safe.isEmpty() ? "deck" : safe;
	}

	private static int frontMatterEnd(List<String> lines) {
		if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
			return 0;
		}
		for (int i = 1; i < lines.size(); i++) {
			if (lines.get(i).strip().equals("---")) {
				return i + 1;
			}
		}
		return 0;
	}

	/** The first heading of a slide, else its first line of text; empty for a slide with nothing on it. */
	private static String title(List<String> slide) {
		String first = "";
		boolean inComment = false;
		for (String line : slide) {
			String text = line.strip();
			if (text.startsWith("<!--")) {
				inComment = !text.contains("-->");
				continue;
			}
			if (inComment) {
				inComment = !text.contains("-->");
				continue;
			}
			if (text.isEmpty()) {
				continue;
			}
			if (text.startsWith("#")) {
				return text.replaceFirst("^#+\\s*", "").strip();
			}
			if (first.isEmpty()) {
				first = text.length() > 80 ? text.substring(0, 80) + "..." : text;
			}
		}
		return first;
	}
}
