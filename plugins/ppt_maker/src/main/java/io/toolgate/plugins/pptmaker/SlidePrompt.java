package io.toolgate.plugins.pptmaker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The system prompt for decks the model writes: {@code prompts/ppt_maker.md} of the prompts module, bundled in the jar. */
final class SlidePrompt {

	static final String RESOURCE = "prompts/ppt_maker.md";

	private SlidePrompt() {
	}

	static String text() {
		try (InputStream in = SlidePrompt.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is missing from the ppt_maker plugin jar");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The user message: the request, and the slide count when the caller gave one. */
	static String request(String request, Integer slides) {
		return slides == null ? request.strip() : request.strip() + "\n\nMake exactly " + slides + " slides.";
	}
}
