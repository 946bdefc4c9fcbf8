package io.toolgate.plugins.websearch;

/**
 * One search as the model asked for it, with the operator's limits applied.
 *
 * @param query what to search for
 * @param maxResults how many results at most (1 to 20)
 * @param includeAnswer whether the service's own answer is wanted (Tavily)
 */
record SearchRequest(String query, int maxResults, boolean includeAnswer) {
}
