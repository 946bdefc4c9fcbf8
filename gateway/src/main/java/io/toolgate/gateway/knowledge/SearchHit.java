package io.toolgate.gateway.knowledge;

import java.util.Map;

/**
 * A passage a search found.
 *
 * @param fileId the file it comes from
 * @param filename that file's name
 * @param page its page (PDFs), or null
 * @param chunk its position among the file's passages (from 0)
 * @param score cosine similarity to the query, higher is closer
 * @param text the passage
 * @param attributes the file's attributes, or null
 */
public record SearchHit(String fileId, String filename, Integer page, int chunk, double score, String text,
		Map<String, Object> attributes) {

	/** "handbook.pdf, page 3" — how a citation names the source. */
	public String source() {
		return page == null ? filename : filename + ", page " + page;
	}
}
