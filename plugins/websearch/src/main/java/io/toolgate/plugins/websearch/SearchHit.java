package io.toolgate.plugins.websearch;

/**
 * One result of a web search.
 *
 * @param title the page's title
 * @param url its address, which the model cites
 * @param snippet the passage the search service matched
 */
record SearchHit(String title, String url, String snippet) {
}
