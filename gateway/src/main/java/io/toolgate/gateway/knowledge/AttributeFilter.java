package io.toolgate.gateway.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import io.toolgate.gateway.openai.OpenAiException;

/**
 * OpenAI's search {@code filters} on file attributes: a comparison ({@code eq ne gt gte lt lte in nin} of one
 * attribute with a value) or a compound ({@code and}/{@code or} of filters). Files are few next to chunks, so the
 * filter is evaluated on the files' attributes and the search is then limited to the matching files: exact, and
 * the same for every vector store.
 */
public interface AttributeFilter {

	boolean matches(Map<String, Object> attributes);

	Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin");

	/** Parses a filter; anything malformed is a 400 naming the place. */
	static AttributeFilter parse(JsonNode node, String param) {
		if (node == null || !node.isObject()) {
			throw OpenAiException.invalidRequest("'" + param + "' must be a comparison or compound filter object", param);
		}
		String type = node.path("type").asString("");
		if (type.equals("and") || type.equals("or")) {
			JsonNode filters = node.get("filters");
			if (filters == null || !filters.isArray()) {
				throw OpenAiException.invalidRequest("'" + param + ".filters' must be an array of filters",
						param + ".filters");
			}
			List<AttributeFilter> parts = new ArrayList<>();
			for (int i = 0; i < filters.size(); i++) {
				parts.add(parse(filters.get(i), param + ".filters[" + i + "]"));
			}
			return type.equals("and") ? attributes -> parts.stream().allMatch(p -> p.matches(attributes))
					: attributes -> parts.stream().anyMatch(p -> p.matches(attributes));
		}
		if (!COMPARISONS.contains(type)) {
			throw OpenAiException.invalidRequest("'" + param + ".type' must be one of eq, ne, gt, gte, lt, lte, in, nin,"
					+ " and, or", param + ".type");
		}
		JsonNode key = node.get("key");
		if (key == null || !key.isString()) {
			throw OpenAiException.invalidRequest("'" + param + ".key' must be a string", param + ".key");
		}
		JsonNode value = node.get("value");
		boolean list = type.equals("in") || type.equals("nin");
		if (value == null || (list ? !value.isArray() : !(value.isString() || value.isNumber() || value.isBoolean()))) {
			throw OpenAiException.invalidRequest("'" + param + ".value' must be " + (list ? "an array" : "a string, number"
					+ " or boolean"), param + ".value");
		}
		return new Comparison(type, key.asString(), list ? null : scalar(value), list ? scalars(value) : null);
	}

	private static Object scalar(JsonNode value) {
		if (value.isNumber()) {
			return value.asDouble();
		}
		return value.isBoolean() ? (Object) value.asBoolean() : value.asString();
	}

	private static List<Object> scalars(JsonNode values) {
		List<Object> list = new ArrayList<>();
		values.forEach(v -> list.add(scalar(v)));
		return list;
	}

	/** One attribute compared with a value; an attribute the file lacks matches only {@code ne} and {@code nin}. */
	record Comparison(String type, String key, Object value, List<Object> values) implements AttributeFilter {

		@Override
		public boolean matches(Map<String, Object> attributes) {
			Object actual = attributes == null ? null : normalize(attributes.get(key));
			switch (type) {
				case "eq":
					return actual != null && actual.equals(value);
				case "ne":
					return actual == null || !actual.equals(value);
				case "in":
					return actual != null && values.contains(actual);
				case "nin":
					return actual == null || !values.contains(actual);
				default:
					Integer order = compare(actual, value);
					if (order == null) {
						return false;
					}
					return switch (type) {
						case "gt" -> order > 0;
						case "gte" -> order >= 0;
						case "lt" -> order < 0;
						default -> order <= 0;
					};
			}
		}

		private static Object normalize(Object value) {
			return value instanceof Number number ? (Object) number.doubleValue() : value;
		}

		private static Integer compare(Object actual, Object expected) {
			if (actual instanceof Double a && expected instanceof Double e) {
				return Double.compare(a, e);
			}
			if (actual instanceof String a && expected instanceof String e) {
				return a.compareTo(e);
			}
			return null;
		}
	}
}
