package io.toolgate.plugins.rag;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.pf4j.Extension;

import io.toolgate.plugin.api.ApprovalMode;
import io.toolgate.plugin.api.Knowledge;
import io.toolgate.plugin.api.Tool;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;
import io.toolgate.plugin.api.ToolSpec;

/**
 * Searches one of the user's knowledge collections (or a shared one) by meaning and returns the closest passages,
 * numbered, each with its source (file name and page), so the model can answer from them and cite them as [1],
 * [2] ... The search itself is the gateway's knowledge service.
 */
@Extension
public class RagTool implements Tool {

	static final int DEFAULT_TOP_K = 5;

	static final int MAX_TOP_K = 20;

	static final String SCHEMA = """
			{"type":"object","properties":{\
			"collection":{"type":"string","description":"Name of the knowledge collection to search"},\
			"query":{"type":"string","description":"What to look for, in natural language"},\
			"top_k":{"type":"integer","minimum":1,"maximum":20,"description":"How many passages at most (default 5)"}},\
			"required":["collection","query"],"additionalProperties":false}""";

	@Override
	public ToolSpec spec() {
		return new ToolSpec("rag",
				"Searches a knowledge collection (the user's documents) and returns the most relevant passages, "
						+ "numbered, with their sources. Answer from them and cite them by number, e.g. [1].",
				SCHEMA, ApprovalMode.NEVER, Duration.ofSeconds(60));
	}

	@Override
	public ToolResult call(ToolCall call, ToolContext context) {
		String collection = call.string("collection", "").strip();
		String query = call.string("query", "").strip();
		if (collection.isEmpty()) {
			return ToolResult.error("missing argument 'collection': name the knowledge collection to search");
		}
		if (query.isEmpty()) {
			return ToolResult.error("missing argument 'query': say what to look for");
		}
		int topK = topK(call.arguments().get("top_k"));
		List<Knowledge.Passage> passages;
		try {
			passages = context.knowledge().search(collection, query, topK);
		}
		catch (Exception e) {
			return ToolResult.error(e.getMessage() == null ? "the search failed (" + e.getClass().getSimpleName() + ")"
					: e.getMessage());
		}
		if (passages.isEmpty()) {
			return ToolResult.text("No passages in the collection '" + collection + "' match \"" + query + "\".");
		}
		return ToolResult.text(render(collection, query, passages));
	}

	static int topK(Object value) {
		if (value instanceof Number number) {
			return Math.max(1, Math.min(MAX_TOP_K, number.intValue()));
		}
		return DEFAULT_TOP_K;
	}

	/** Numbered passages with their sources, and how to cite them. */
	static String render(String collection, String query, List<Knowledge.Passage> passages) {
		StringBuilder text = new StringBuilder();
		text.append(passages.size()).append(passages.size() == 1 ? " passage" : " passages")
			.append(" from the collection '").append(collection).append("' for \"").append(query)
			.append("\". Cite them by number, e.g. [1].\n");
		for (int i = 0; i < passages.size(); i++) {
			Knowledge.Passage passage = passages.get(i);
			text.append("\n[").append(i + 1).append("] ").append(passage.source())
				.append(String.format(Locale.ROOT, " (relevance %.2f)", passage.score())).append('\n')
				.append(passage.text().strip()).append('\n');
		}
		return text.toString();
	}
}
