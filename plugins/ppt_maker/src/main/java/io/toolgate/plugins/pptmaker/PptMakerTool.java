package io.toolgate.plugins.pptmaker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.pf4j.Extension;

import io.toolgate.plugin.api.ApprovalMode;
import io.toolgate.plugin.api.Artifact;
import io.toolgate.plugin.api.Tool;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;
import io.toolgate.plugin.api.ToolSpec;

/**
 * Makes a slide deck: from Marp markdown the caller gives, or from a request that a model served by the gateway
 * turns into Marp markdown (with the prompt {@code prompts/ppt_maker.md}). The Marp CLI renders it to PDF, PPTX
 * and/or HTML without network access, and the files are returned as artifacts for the user to download.
 */
@Extension
public class PptMakerTool implements Tool {

	static final String NAME = "ppt_maker";

	private static final String SCHEMA = """
			{"type":"object",
			 "properties":{
			   "request":{"type":"string","description":"What the deck should be about, for its audience; the slides are written for you. Give this or markdown."},
			   "markdown":{"type":"string","description":"The deck's Marp markdown, slides separated by lines holding only ---. Give this or request."},
			   "slides":{"type":"integer","minimum":1,"maximum":50,"description":"How many slides a written deck should have."},
			   "formats":{"type":"array","items":{"type":"string","enum":["pdf","pptx","html"]},"minItems":1,"description":"Files to produce (default pdf and pptx)."}
			 }}""";

	private final Function<String, String> environment;

	/** The gateway's constructor: the browser's location may come from the real environment. */
	public PptMakerTool() {
		this(System::getenv);
	}

	PptMakerTool(Function<String, String> environment) {
		this.environment = environment;
	}

	@Override
	public ToolSpec spec() {
		return new ToolSpec(NAME, "Makes a slide deck (PDF, PPTX or HTML files for the user to download) from a "
				+ "request or from Marp markdown.", SCHEMA, ApprovalMode.NEVER, Duration.ofSeconds(300));
	}

	@Override
	public ToolResult call(ToolCall call, ToolContext context) throws Exception {
		String markdown = call.string("markdown", null);
		String request = call.string("request", null);
		boolean hasMarkdown = markdown != null && !markdown.isBlank();
		boolean hasRequest = request != null && !request.isBlank();
		if (hasMarkdown == hasRequest) {
			return ToolResult.error(hasMarkdown ? "Give either 'markdown' or 'request', not both."
					: "Give 'request' (what the deck is about) or 'markdown' (the deck's Marp markdown); both are empty.");
		}
		List<DeckFormat> formats;
		try {
			formats = formats(call.arguments().get("formats"));
		}
		catch (IllegalArgumentException e) {
			return ToolResult.error(e.getMessage());
		}
		MarpSettings settings;
		try {
			settings = MarpSettings.from(context.config(), environment);
		}
		catch (IllegalArgumentException e) {
			return ToolResult.error("ppt_maker is misconfigured: " + e.getMessage());
		}
		DeckMarkdown deck;
		boolean written = false;
		try {
			if (hasMarkdown) {
				deck = DeckMarkdown.of(markdown);
			}
			else {
				Integer slides = call.arguments().get("slides") instanceof Number n ? n.intValue() : null;
				context.progress("writing the slides");
				String answer = context.model().complete(settings.model(), SlidePrompt.text(),
						SlidePrompt.request(request, slides), Map.of("temperature", 0.4));
				deck = DeckMarkdown.fromModel(answer);
				written = true;
			}
		}
		catch (IllegalArgumentException e) {
			return ToolResult.error((written || hasRequest ? "The model did not write a usable deck: " : "Bad markdown: ")
					+ e.getMessage());
		}
		List<Artifact> artifacts;
		try {
			artifacts = MarpRenderer.render(deck, formats, settings, context.scratch(), context::progress);
		}
		catch (RenderFailure e) {
			return ToolResult.error("The deck could not be rendered: " + e.getMessage());
		}
		return new ToolResult(summary(deck, artifacts, hasRequest), artifacts, false);
	}

	private static List<DeckFormat> formats(Object requested) {
		if (requested == null) {
			return DeckFormat.DEFAULT;
		}
		if (!(requested instanceof List<?> names) || names.isEmpty()) {
			throw new IllegalArgumentException("'formats' must be a non-empty list of pdf, pptx and html.");
		}
		LinkedHashSet<DeckFormat> formats = new LinkedHashSet<>();
		for (Object name : names) {
			formats.add(DeckFormat.named(name instanceof String s ? s : null)
				.orElseThrow(() -> new IllegalArgumentException("Unknown format '" + name + "': use pdf, pptx or html.")));
		}
		return new ArrayList<>(formats);
	}

	private static String summary(DeckMarkdown deck, List<Artifact> artifacts, boolean written) {
		StringBuilder text = new StringBuilder("Made a deck of ").append(deck.slideCount())
			.append(deck.slideCount() == 1 ? " slide" : " slides").append(": ");
		for (int i = 0; i < artifacts.size(); i++) {
			text.append(i == 0 ? "" : ", ").append(artifacts.get(i).name());
		}
		text.append(". The files are attached for the user to download.\nSlides:");
		for (int i = 0; i < deck.slideTitles().size(); i++) {
			String title = deck.slideTitles().get(i);
			text.append("\n").append(i + 1).append(". ").append(title.isEmpty() ? "(untitled)" : title);
		}
		if (written) {
			text.append("\n\nThe deck's markdown:\n").append(deck.text().strip());
		}
		return text.toString();
	}
}
