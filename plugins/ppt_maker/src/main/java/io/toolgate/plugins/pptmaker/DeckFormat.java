package io.toolgate.plugins.pptmaker;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The files a deck can be rendered to, with the Marp CLI option and the media type of each. */
enum DeckFormat {

	PDF("pdf", List.of("--pdf"), "application/pdf"),

	PPTX("pptx", List.of("--pptx"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),

	/** Marp's own HTML (the deck plus its viewer); no browser runs for it. */
	HTML("html", List.of(), "text/html");

	static final List<DeckFormat> DEFAULT = List.of(PDF, PPTX);

	private final String extension;

	private final List<String> marpOptions;

	private final String mediaType;

	DeckFormat(String extension, List<String> marpOptions, String mediaType) {
		this.extension = extension;
		this.marpOptions = marpOptions;
		this.mediaType = mediaType;
	}

	String extension() {
		return extension;
	}

	List<String> marpOptions() {
		return marpOptions;
	}

	String mediaType() {
		return mediaType;
	}

	/** Whether Marp needs the browser for it. */
	boolean needsBrowser() {
		return this != HTML;
	}

	static Optional<DeckFormat> named(String name) {
		for (DeckFormat format : values()) {
			if (format.extension.equals(name == null ? null : name.strip().toLowerCase(Locale.ROOT))) {
				return Optional.of(format);
			}
		}
		return Optional.empty();
	}
}
