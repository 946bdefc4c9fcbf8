package io.toolgate.plugin.api;

import java.util.List;
import java.util.Map;

/** The calling user's knowledge collections (vector search over their documents). */
public interface Knowledge {

	/**
	 * Finds the passages closest in meaning to a query.
	 * @param collection the collection's name
	 * @param query what to look for
	 * @param topK how many passages at most
	 * @return passages, best first
	 * @throws Exception when the collection cannot be searched
	 */
	List<Passage> search(String collection, String query, int topK) throws Exception;

	/**
	 * A passage found by a search.
	 *
	 * @param text the passage
	 * @param source where it comes from (file name, page)
	 * @param score similarity, higher is closer
	 * @param metadata further details of the source
	 */
	record Passage(String text, String source, double score, Map<String, Object> metadata) {
	}
}
