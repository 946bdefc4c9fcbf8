package io.toolgate.plugins.pythoncoder;

import java.util.Locale;
import java.util.Map;

/** The media type of a file a program wrote, by its extension (the gateway sniffs the content again). */
final class MediaTypes {

	private static final Map<String, String> BY_EXTENSION = Map.ofEntries(Map.entry("png", "image/png"),
			Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
			Map.entry("svg", "image/svg+xml"), Map.entry("webp", "image/webp"), Map.entry("pdf", "application/pdf"),
			Map.entry("csv", "text/csv"), Map.entry("tsv", "text/tab-separated-values"), Map.entry("txt", "text/plain"),
			Map.entry("md", "text/markdown"), Map.entry("json", "application/json"), Map.entry("html", "text/html"),
			Map.entry("xml", "application/xml"), Map.entry("py", "text/x-python"),
			Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
			Map.entry("zip", "application/zip"));

	private MediaTypes() {
	}

	static String of(String name) {
		int dot = name.lastIndexOf('.');
		String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
		return BY_EXTENSION.getOrDefault(extension, "application/octet-stream");
	}
}
