package io.toolgate.gateway.files.extract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Source files of common languages (by extension): language, line count, imports and top-level definitions
 * with their line numbers (found by regular expressions: good enough for an overview, not a parser), then the
 * code itself.
 */
final class SourceCodeExtractor implements FormatExtractor {

	/** How one language writes imports and definitions; group 1 of each pattern is what is listed. */
	private record Language(String name, Pattern imports, Pattern definitions) {
	}

	private static final Pattern C_IMPORTS = Pattern.compile("^[ \\t]*#\\s*include\\s*[<\"]([^>\"]+)[>\"]", Pattern.MULTILINE);

	private static final Pattern C_DEFINITIONS = Pattern.compile(
			"^(?:(?:struct|class|enum|union|namespace)\\s+(\\w+)|(?:[\\w:<>,*& \\t]+?)\\b(\\w+)\\s*\\([^;{]*\\)\\s*(?:const\\s*)?\\{)",
			Pattern.MULTILINE);

	private static final Language JAVA = new Language("Java",
			Pattern.compile("^[ \\t]*import\\s+(?:static\\s+)?([\\w.*]+)\\s*;", Pattern.MULTILINE),
			Pattern.compile("^[ \\t]*(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|default|synchronized)\\s+)*"
					+ "(?:(?:class|interface|enum|record|@interface)\\s+(\\w+)|[\\w<>\\[\\],.? ]+\\s+(\\w+)\\s*\\([^;]*\\)\\s*(?:throws [\\w., ]+)?\\s*\\{)",
					Pattern.MULTILINE));

	private static final Language KOTLIN = new Language("Kotlin",
			Pattern.compile("^[ \\t]*import\\s+([\\w.*]+)", Pattern.MULTILINE),
			Pattern.compile("^[ \\t]*(?:[a-z]+\\s+)*(?:class|interface|object|fun|val|var)\\s+(?:<[^>]*>\\s*)?([\\w.]+)",
					Pattern.MULTILINE));

	private static final Language PYTHON = new Language("Python",
			Pattern.compile("^[ \\t]*(?:from\\s+([\\w.]+)\\s+import|import\\s+([\\w., ]+))", Pattern.MULTILINE),
			Pattern.compile("^(?:async\\s+)?(?:def|class)\\s+(\\w+)", Pattern.MULTILINE));

	private static final Language JAVASCRIPT = new Language("JavaScript/TypeScript",
			Pattern.compile("^[ \\t]*(?:import\\s+(?:[^'\"]*?\\s+from\\s+)?['\"]([^'\"]+)['\"]|.*?\\brequire\\(\\s*['\"]([^'\"]+)['\"]\\s*\\))",
					Pattern.MULTILINE),
			Pattern.compile("^[ \\t]*(?:export\\s+)?(?:default\\s+)?(?:async\\s+)?(?:function\\*?\\s+(\\w+)|class\\s+(\\w+)|"
					+ "(?:interface|type|enum)\\s+(\\w+)|(?:const|let|var)\\s+(\\w+)\\s*=\\s*(?:async\\s*)?(?:\\([^)]*\\)|\\w+)\\s*=>)",
					Pattern.MULTILINE));

	private static final Language GO = new Language("Go",
			Pattern.compile("^[ \\t]*(?:import\\s+)?(?:\\w+\\s+)?\"([\\w./-]+)\"\\s*$", Pattern.MULTILINE),
			Pattern.compile("^(?:func\\s+(?:\\([^)]*\\)\\s*)?(\\w+)|type\\s+(\\w+))", Pattern.MULTILINE));

	private static final Language RUST = new Language("Rust",
			Pattern.compile("^[ \\t]*(?:pub\\s+)?use\\s+([\\w:{}, *]+);", Pattern.MULTILINE),
			Pattern.compile("^[ \\t]*(?:pub(?:\\([^)]*\\))?\\s+)?(?:async\\s+)?(?:fn|struct|enum|trait|impl|mod|type)\\s+(?:<[^>]*>\\s*)?(\\w+)",
					Pattern.MULTILINE));

	private static final Language C = new Language("C", C_IMPORTS, C_DEFINITIONS);

	private static final Language CPP = new Language("C++", C_IMPORTS, C_DEFINITIONS);

	private static final Language CSHARP = new Language("C#",
			Pattern.compile("^[ \\t]*using\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE),
			Pattern.compile("^[ \\t]*(?:(?:public|internal|protected|private|static|sealed|abstract|partial|async|override|virtual)\\s+)*"
					+ "(?:(?:class|interface|struct|enum|record)\\s+(\\w+)|[\\w<>\\[\\],.? ]+\\s+(\\w+)\\s*\\([^;]*\\)\\s*\\{?\\s*$)",
					Pattern.MULTILINE));

	private static final Map<String, Language> BY_EXTENSION = Map.ofEntries(Map.entry("java", JAVA),
			Map.entry("kt", KOTLIN), Map.entry("kts", KOTLIN), Map.entry("py", PYTHON), Map.entry("js", JAVASCRIPT),
			Map.entry("mjs", JAVASCRIPT), Map.entry("cjs", JAVASCRIPT), Map.entry("jsx", JAVASCRIPT),
			Map.entry("ts", JAVASCRIPT), Map.entry("tsx", JAVASCRIPT), Map.entry("go", GO), Map.entry("rs", RUST),
			Map.entry("c", C), Map.entry("h", C), Map.entry("cpp", CPP), Map.entry("cc", CPP), Map.entry("cxx", CPP),
			Map.entry("hpp", CPP), Map.entry("hh", CPP), Map.entry("cs", CSHARP));

	private static final Set<String> KEYWORDS = Set.of("if", "for", "while", "switch", "catch", "return", "new", "else",
			"do", "try", "synchronized", "sizeof");

	private static final int MAX_LISTED = 60;

	/** Types Tika gives source files that are not {@code text/*} (a {@code .ts} name looks like an MPEG stream). */
	private static final Set<String> SOURCE_TYPES = Set.of("application/javascript", "application/x-javascript",
			"application/typescript", "application/x-sh", "video/mp2t");

	@Override
	public boolean accepts(String mediaType, String filename) {
		return language(filename) != null && (mediaType.startsWith("text/") || SOURCE_TYPES.contains(mediaType));
	}

	private static Language language(String filename) {
		if (filename == null) {
			return null;
		}
		int dot = filename.lastIndexOf('.');
		return dot < 0 ? null : BY_EXTENSION.get(filename.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	@Override
	public void extract(Path file, String filename, Excerpt out, ExtractionBudget budget) throws Exception {
		Language language = language(filename);
		// Imports and definitions are found in at most the first 1 MB of characters: enough for any real source file.
		TextReader.Head head = TextReader.head(file, 1_000_000, budget);
		String code = head.text();
		out.line("Source file, " + language.name() + ", " + head.lines() + " lines.");
		List<String> imports = new ArrayList<>(new LinkedHashSet<>(matches(language.imports(), code, false)));
		if (!imports.isEmpty()) {
			out.line("Imports: " + String.join(", ", limited(imports)));
		}
		List<String> definitions = matches(language.definitions(), code, true);
		if (!definitions.isEmpty()) {
			out.line("Definitions:");
			for (String definition : limited(definitions)) {
				out.line("- " + definition);
			}
		}
		out.line("Code:");
		out.append(code.strip()).line("");
		out.dropped(head.droppedChars());
	}

	private static List<String> limited(List<String> items) {
		if (items.size() <= MAX_LISTED) {
			return items;
		}
		List<String> shown = new ArrayList<>(items.subList(0, MAX_LISTED));
		shown.add("... " + (items.size() - MAX_LISTED) + " more");
		return shown;
	}

	/** The first non-null group of each match; with {@code withLines}, the whole line it is on and its number. */
	private static List<String> matches(Pattern pattern, String code, boolean withLines) {
		List<String> found = new ArrayList<>();
		Matcher matcher = pattern.matcher(code);
		while (matcher.find()) {
			int group = 0;
			for (int g = 1; g <= matcher.groupCount() && group == 0; g++) {
				group = matcher.group(g) == null ? 0 : g;
			}
			if (group == 0 || KEYWORDS.contains(matcher.group(group).strip())) {
				continue;
			}
			if (!withLines) {
				found.add(matcher.group(group).strip());
				continue;
			}
			int at = matcher.start(group);
			int lineStart = code.lastIndexOf('\n', at) + 1;
			int lineEnd = code.indexOf('\n', at);
			String text = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd).strip();
			int line = 1 + (int) code.substring(0, lineStart).chars().filter(c -> c == '\n').count();
			found.add("line " + line + ": " + (text.length() > 120 ? text.substring(0, 120) + "..." : text));
		}
		return found;
	}
}
