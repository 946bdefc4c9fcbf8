package io.toolgate.plugins.websearch;

/** A web search service. */
interface SearchProvider {

	/** The service's name as the model and the operator see it, e.g. {@code Tavily}. */
	String name();

	/**
	 * Runs one search.
	 * @throws SearchFailure with a message for the model when the service cannot answer
	 * @throws InterruptedException when the call's worker is interrupted (its timeout passed)
	 */
	SearchOutcome search(SearchRequest request) throws SearchFailure, InterruptedException;
}
