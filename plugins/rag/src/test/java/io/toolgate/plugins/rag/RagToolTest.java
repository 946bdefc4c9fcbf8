package io.toolgate.plugins.rag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.toolgate.plugin.api.FileStore;
import io.toolgate.plugin.api.Knowledge;
import io.toolgate.plugin.api.ModelClient;
import io.toolgate.plugin.api.Sandbox;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;

import static org.assertj.core.api.Assertions.assertThat;

/** The tool's own logic against a scripted knowledge service (the gateway's tests run it against the real one). */
class RagToolTest {

	final RagTool tool = new RagTool();

	final List<String> searches = new ArrayList<>();

	static ToolCall call(Map<String, Object> arguments) {
		return new ToolCall("call_1", "rag", arguments, "{}");
	}

	ToolContext context(Knowledge knowledge) {
		return new ToolContext() {
			public String userId() {
				return "u1";
			}

			public String username() {
				return "alice";
			}

			public String sessionId() {
				return null;
			}

			public Path workspace() {
				throw new UnsupportedOperationException();
			}

			public Path scratch() {
				throw new UnsupportedOperationException();
			}

			public Map<String, String> config() {
				return Map.of();
			}

			public void progress(String message) {
			}

			public Sandbox sandbox() {
				throw new UnsupportedOperationException();
			}

			public FileStore files() {
				throw new UnsupportedOperationException();
			}

			public Knowledge knowledge() {
				return knowledge;
			}

			public ModelClient model() {
				throw new UnsupportedOperationException();
			}
		};
	}

	@Test
	void numbersPassagesWithTheirSources() {
		Knowledge knowledge = (collection, query, topK) -> {
			searches.add(collection + "|" + query + "|" + topK);
			return List.of(new Knowledge.Passage("The launch code is 42.", "handbook.pdf, page 3", 0.8123, Map.of()),
					new Knowledge.Passage("  Lunch is at noon.  ", "notes.docx", 0.5, Map.of()));
		};
		ToolResult result = tool.call(call(Map.of("collection", "handbook", "query", "launch code", "top_k", 2)),
				context(knowledge));
		assertThat(result.error()).isFalse();
		assertThat(result.content()).startsWith("2 passages from the collection 'handbook' for \"launch code\"")
			.contains("\n[1] handbook.pdf, page 3 (relevance 0.81)\nThe launch code is 42.\n")
			.contains("\n[2] notes.docx (relevance 0.50)\nLunch is at noon.\n");
		assertThat(searches).containsExactly("handbook|launch code|2");
	}

	@Test
	void topKDefaultsAndIsBounded() {
		Knowledge knowledge = (collection, query, topK) -> {
			searches.add(String.valueOf(topK));
			return List.of();
		};
		tool.call(call(Map.of("collection", "c", "query", "q")), context(knowledge));
		tool.call(call(Map.of("collection", "c", "query", "q", "top_k", 500)), context(knowledge));
		tool.call(call(Map.of("collection", "c", "query", "q", "top_k", 0)), context(knowledge));
		assertThat(searches).containsExactly("5", "20", "1");
	}

	@Test
	void theServicesErrorsReachTheModel() {
		Knowledge unknown = (collection, query, topK) -> {
			throw new IllegalArgumentException("There is no collection named 'nope'.");
		};
		ToolResult result = tool.call(call(Map.of("collection", "nope", "query", "q")), context(unknown));
		assertThat(result.error()).isTrue();
		assertThat(result.content()).isEqualTo("There is no collection named 'nope'.");

		ToolResult nothing = tool.call(call(Map.of("collection", "c", "query", "q")),
				context((collection, query, topK) -> List.of()));
		assertThat(nothing.error()).isFalse();
		assertThat(nothing.content()).contains("No passages");
	}

	@Test
	void missingArgumentsAreErrors() {
		Knowledge never = (collection, query, topK) -> {
			throw new AssertionError("not called");
		};
		assertThat(tool.call(call(Map.of("query", "q")), context(never)).content()).contains("'collection'");
		assertThat(tool.call(call(Map.of("collection", "c", "query", " ")), context(never)).content()).contains("'query'");
		assertThat(tool.spec().name()).isEqualTo("rag");
		assertThat(tool.spec().defaultApproval()).isEqualTo(io.toolgate.plugin.api.ApprovalMode.NEVER);
	}
}
