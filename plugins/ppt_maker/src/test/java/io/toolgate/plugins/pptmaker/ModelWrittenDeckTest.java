package io.toolgate.plugins.pptmaker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.toolgate.plugin.api.ModelClient;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolResult;

import static org.assertj.core.api.Assertions.assertThat;

/** A deck from a request: the model gets the bundled prompt and writes the markdown (here in a code fence). */
class ModelWrittenDeckTest {

	@TempDir
	Path workspace;

	@Test
	void theModelWritesTheMarkdownWithTheBundledPromptAndItIsRendered() throws Exception {
		List<String[]> asked = new CopyOnWriteArrayList<>();
		ModelClient model = (name, system, user, options) -> {
			asked.add(new String[] { name, system, user });
			return "```markdown\n" + Decks.of(3) + "```\n";
		};
		PptMakerTool tool = new PptMakerTool(key -> null);

		ToolResult result = tool.call(new ToolCall("c1", "ppt_maker", Map.of("request", "Our quarter, for the board",
				"slides", 3, "formats", List.of("pdf")), "{}"),
				new TestContext(workspace, MarpInstallation.config(), model));

		assertThat(result.error()).as(result.content()).isFalse();
		assertThat(asked).hasSize(1);
		assertThat(asked.get(0)[0]).as("the conversation's model").isNull();
		assertThat(asked.get(0)[1]).isEqualTo(SlidePrompt.text()).contains("Marp markdown");
		assertThat(asked.get(0)[2]).isEqualTo("Our quarter, for the board\n\nMake exactly 3 slides.");
		assertThat(Decks.pdfPages(result.artifacts().get(0).file())).isEqualTo(3);
		assertThat(result.content()).contains("Made a deck of 3 slides", "The deck's markdown:", "## Topic 3")
			.doesNotContain("```");
	}

	@Test
	void theOperatorMayNameTheWritingModel() throws Exception {
		List<String> models = new CopyOnWriteArrayList<>();
		ModelClient model = (name, system, user, options) -> {
			models.add(name);
			return "# Only slide\n";
		};
		Map<String, String> config = new java.util.HashMap<>(MarpInstallation.config());
		config.put("model", "writer-model");

		ToolResult result = new PptMakerTool(key -> null).call(new ToolCall("c1", "ppt_maker",
				Map.of("request", "One slide", "formats", List.of("html")), "{}"), new TestContext(workspace, config, model));

		assertThat(result.error()).as(result.content()).isFalse();
		assertThat(models).containsExactly("writer-model");
	}

	@Test
	void theBundledPromptIsTheOneOfThePromptsModule() {
		assertThat(SlidePrompt.text()).contains("Marp markdown", "marp: true", "without network");
	}
}
