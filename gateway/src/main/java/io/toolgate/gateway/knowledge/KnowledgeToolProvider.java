package io.toolgate.gateway.knowledge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.toolgate.gateway.tools.HostServices;
import io.toolgate.gateway.tools.ToolCaller;
import io.toolgate.plugin.api.Knowledge;

/**
 * The knowledge host service tools get ({@code ToolContext.knowledge()}): searches, by name, the calling user's
 * own collections and then the shared ones. Tool calls run on worker threads, so waiting here is allowed.
 */
@Component
public class KnowledgeToolProvider implements HostServices.KnowledgeProvider {

	private final KnowledgeService service;

	private final KnowledgeProperties properties;

	public KnowledgeToolProvider(KnowledgeService service, KnowledgeProperties properties) {
		this.service = service;
		this.properties = properties;
	}

	@Override
	public Knowledge knowledgeFor(ToolCaller caller) {
		return (collection, query, topK) -> {
			if (collection == null || collection.isBlank()) {
				throw new IllegalArgumentException("name the collection to search");
			}
			if (query == null || query.isBlank()) {
				throw new IllegalArgumentException("the query is empty");
			}
			int k = Math.max(1, Math.min(topK, properties.maxTopK()));
			List<SearchHit> hits = service.searchByName(caller.userId(), collection.strip(), query, k)
				.block(properties.searchTimeout().plusSeconds(5));
			return hits == null ? List.of() : hits.stream().map(KnowledgeToolProvider::passage).toList();
		};
	}

	private static Knowledge.Passage passage(SearchHit hit) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("file_id", hit.fileId());
		metadata.put("file_name", hit.filename());
		if (hit.page() != null) {
			metadata.put("page", hit.page());
		}
		metadata.put("chunk", hit.chunk());
		return new Knowledge.Passage(hit.text(), hit.source(), hit.score(), metadata);
	}
}
