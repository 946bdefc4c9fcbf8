package io.toolgate.gateway.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * A file name that is safe as one path segment on any file system and inside the sandbox, and still readable:
 * directories stripped, control and format characters removed, characters reserved on Windows replaced by
 * {@code _}, runs of dots collapsed, no leading dots (so never {@code .} or {@code ..}), at most
 * {@value #MAX_BYTES} bytes with the extension kept.
 *
 * @param value the name
 */
public record SafeFileName(String value) {

	static final int MAX_BYTES = 200;

	private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cntrl}\\p{Cf}]");

	private static final Pattern RESERVED = Pattern.compile("[<>:\"|?*]");

	private static final Pattern SPACES = Pattern.compile("\\s+");

	private static final Pattern DOTS = Pattern.compile("\\.{2,}");

	/** The safe form of a name a client or tool gave; {@code file} when nothing readable is left. */
	public static SafeFileName of(String name) {
		String text = name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFC);
		int slash = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'));
		text = text.substring(slash + 1);
		text = INVISIBLE.matcher(text).replaceAll("");
		text = RESERVED.matcher(text).replaceAll("_");
		text = SPACES.matcher(text).replaceAll(" ").strip();
		text = DOTS.matcher(text).replaceAll(".");
		while (text.startsWith(".") || text.startsWith(" ")) {
			text = text.substring(1);
		}
		while (text.endsWith(".") || text.endsWith(" ")) {
			text = text.substring(0, text.length() - 1);
		}
		if (text.isEmpty() || text.chars().allMatch(c -> c == '_')) {
			text = "file" + text.replace("_", "");
		}
		return new SafeFileName(shorten(text));
	}

	/** Cuts the stem, never the extension, until the UTF-8 form fits. */
	private static String shorten(String name) {
		if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
			return name;
		}
		int dot = name.lastIndexOf('.');
		String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
		String stem = name.substring(0, name.length() - extension.length());
		while (!stem.isEmpty() && (stem + extension).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			int cut = stem.offsetByCodePoints(stem.codePointCount(0, stem.length()), -1);
			stem = stem.substring(0, cut);
		}
		return stem.isEmpty() ? "file" + extension : stem + extension;
	}
}
