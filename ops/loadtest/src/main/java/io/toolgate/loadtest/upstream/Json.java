package io.toolgate.loadtest.upstream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Shared, thread-safe JSON mapper and small helpers. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Parses JSON or returns {@code null} when the text is not valid JSON. */
    static JsonNode parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Text of a message content: a string, or the concatenated text parts of a content array. */
    static String contentText(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isString()) {
                    append(sb, part.stringValue());
                } else if (part.isObject()) {
                    JsonNode text = part.get("text");
                    if (text != null && text.isString()) {
                        append(sb, text.stringValue());
                    }
                }
            }
            return sb.toString();
        }
        return content.toString();
    }

    private static void append(StringBuilder sb, String text) {
        if (!sb.isEmpty()) {
            sb.append('\n');
        }
        sb.append(text);
    }

    /** A string, or an array of strings, as a list; anything else gives an empty list. */
    static java.util.List<String> stringOrArray(JsonNode node) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        if (node.isString()) {
            out.add(node.stringValue());
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                if (n.isString()) {
                    out.add(n.stringValue());
                }
            }
        }
        return out;
    }
}
