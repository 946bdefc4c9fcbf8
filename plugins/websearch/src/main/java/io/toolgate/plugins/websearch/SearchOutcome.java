package io.toolgate.plugins.websearch;

import java.util.List;

/**
 * What a provider found.
 *
 * @param answer the service's own short answer (Tavily, when asked), or null
 * @param hits results, best first
 * @param notes remarks the model should know about (e.g. engines that did not answer), possibly empty
 */
record SearchOutcome(String answer, List<SearchHit> hits, List<String> notes) {

	SearchOutcome {
		hits = List.copyOf(hits);
		notes = List.copyOf(notes);
	}
}
