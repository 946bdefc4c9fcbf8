package io.toolgate.gateway.files.extract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON (Jackson, streamed, so memory stays small for large files): the structure of the document, keys with
 * the types of their values, array lengths, the shape of array items (merged over all items), an example value
 * per field. A document small enough for the budget follows in full.
 */
final class JsonExtractor implements FormatExtractor {

	private static final int MAX_KEYS = 50;

	private static final int MAX_DEPTH = 12;

	private final JsonMapper json = JsonMapper.builder().build();

	@Override
	public boolean accepts(String mediaType, String filename) {
		return "application/json".equals(mediaType) || mediaType.endsWith("+json")
				|| (filename != null && filename.toLowerCase(java.util.Locale.ROOT).endsWith(".json"));
	}

	@Override
	public void extract(Path file, String filename, Excerpt out, ExtractionBudget budget) throws Exception {
		Shape root = new Shape();
		try (JsonParser parser = json.createParser(file.toFile())) {
			if (parser.nextToken() == null) {
				out.line("JSON document, empty.");
				return;
			}
			read(parser, root, 0, budget);
		}
		out.line("JSON document; its structure:");
		render(root, "", out);
		long size = Files.size(file);
		if (!out.full() && size < 200_000) {
			String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
			out.line("Content:");
			out.line(text.strip());
		}
		else {
			out.omitted("the document's content (" + size + " bytes; only its structure is shown)");
		}
	}

	/** What the values at one place of the document look like. */
	private static final class Shape {

		final Set<String> types = new LinkedHashSet<>();

		final Map<String, Shape> keys = new LinkedHashMap<>();

		boolean moreKeys;

		Shape items;

		long minLength = Long.MAX_VALUE;

		long maxLength;

		String example;

		Shape items() {
			if (items == null) {
				items = new Shape();
			}
			return items;
		}
	}

	private void read(JsonParser parser, Shape shape, int depth, ExtractionBudget budget) throws Exception {
		JsonToken token = parser.currentToken();
		if (depth > MAX_DEPTH && (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)) {
			shape.types.add(token == JsonToken.START_OBJECT ? "object" : "array");
			parser.skipChildren();
			return;
		}
		switch (token) {
			case START_OBJECT -> {
				shape.types.add("object");
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					budget.tick();
					String name = parser.currentName();
					parser.nextToken();
					Shape child = shape.keys.get(name);
					if (child == null && shape.keys.size() >= MAX_KEYS) {
						shape.moreKeys = true;
						parser.skipChildren();
						continue;
					}
					if (child == null) {
						child = new Shape();
						shape.keys.put(name, child);
					}
					read(parser, child, depth + 1, budget);
				}
			}
			case START_ARRAY -> {
				shape.types.add("array");
				long length = 0;
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					if (++length % 10_000 == 0) {
						budget.check();
					}
					read(parser, shape.items(), depth + 1, budget);
				}
				shape.minLength = Math.min(shape.minLength, length);
				shape.maxLength = Math.max(shape.maxLength, length);
			}
			case VALUE_STRING -> scalar(shape, "string", '"' + parser.getString() + '"');
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> scalar(shape, "number", parser.getText());
			case VALUE_TRUE, VALUE_FALSE -> scalar(shape, "boolean", parser.getText());
			case VALUE_NULL -> shape.types.add("null");
			default -> parser.skipChildren();
		}
	}

	private static void scalar(Shape shape, String type, String value) {
		shape.types.add(type);
		if (shape.example == null) {
			shape.example = value.length() > 40 ? value.substring(0, 40) + "..." : value;
		}
	}

	private static void render(Shape shape, String indent, Excerpt out) {
		for (Map.Entry<String, Shape> entry : shape.keys.entrySet()) {
			out.line(indent + "- " + entry.getKey() + ": " + describe(entry.getValue()));
			nested(entry.getValue(), indent + "  ", out);
		}
		if (shape.moreKeys) {
			out.line(indent + "- (more keys)");
		}
		if (indent.isEmpty() && shape.keys.isEmpty()) {
			out.line("- " + describe(shape));
			nested(shape, "  ", out);
		}
	}

	private static void nested(Shape shape, String indent, Excerpt out) {
		if (!shape.keys.isEmpty()) {
			render(shape, indent, out);
		}
		if (shape.items != null && !shape.items.keys.isEmpty()) {
			render(shape.items, indent, out);
		}
	}

	private static String describe(Shape shape) {
		StringBuilder text = new StringBuilder();
		for (String type : shape.types) {
			if (!text.isEmpty()) {
				text.append(" | ");
			}
			if (type.equals("array")) {
				text.append("array of ")
					.append(shape.minLength == shape.maxLength ? String.valueOf(shape.maxLength)
							: shape.minLength + "-" + shape.maxLength)
					.append(" items");
				if (shape.items != null && !shape.items.types.isEmpty()) {
					text.append(" (").append(describe(shape.items)).append(')');
				}
			}
			else if (type.equals("object")) {
				text.append("object");
			}
			else {
				text.append(type);
			}
		}
		if (shape.example != null) {
			text.append(", e.g. ").append(shape.example);
		}
		return text.toString();
	}
}
