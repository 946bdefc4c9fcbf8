package io.toolgate.plugins.websearch;

/** Writes search results as numbered sources the model can quote and cite by URL. */
final class CitableText {

	/** Longest snippet passed on; search services sometimes return whole paragraphs. */
	static final int MAX_SNIPPET = 600;

	private CitableText() {
	}

	static String of(String provider, SearchRequest request, SearchOutcome outcome) {
		StringBuilder text = new StringBuilder();
		text.append("Web search results for \"").append(request.query()).append("\" (").append(provider).append(", ")
			.append(outcome.hits().size()).append(outcome.hits().size() == 1 ? " result" : " results").append("):\n");
		if (outcome.answer() != null) {
			text.append("\nAnswer from ").append(provider).append(": ").append(outcome.answer().strip()).append('\n');
		}
		int rank = 1;
		for (SearchHit hit : outcome.hits()) {
			text.append("\n[").append(rank++).append("] ").append(clean(hit.title(), 300, hit.url())).append('\n');
			text.append("URL: ").append(hit.url().strip()).append('\n');
			String snippet = clean(hit.snippet(), MAX_SNIPPET, "");
			if (!snippet.isEmpty()) {
				text.append(snippet).append('\n');
			}
		}
		if (outcome.hits().isEmpty()) {
			text.append("\nNo results. Try other words.\n");
		}
		for (String note : outcome.notes()) {
			text.append('\n').append(note).append('\n');
		}
		if (!outcome.hits().isEmpty()) {
			text.append("\nCite the sources you use by their URL.");
		}
		return text.toString().strip();
	}

	private static String clean(String value, int max, String fallback) {
		String line = value == null ? "" : value.replaceAll("\\s+", " ").strip();
		if (line.isEmpty()) {
			return fallback;
		}
		return line.length() <= max ? line : line.substring(0, max) + "...";
	}
}
