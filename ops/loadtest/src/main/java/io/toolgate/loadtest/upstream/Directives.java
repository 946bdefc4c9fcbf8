package io.toolgate.loadtest.upstream;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test directives found in the last message when it is a {@code user} message, one per line.
 * Directive lines are removed from the text the fake "answers to".
 */
final class Directives {

    record ToolCall(String name, ObjectNode arguments) {
    }

    Integer errorStatus;
    /** Seconds for a Retry-After header on the scripted error answer, or null. */
    Long retryAfterSeconds;
    long delayMs = -1;
    long tokenDelayMs = -1;
    Integer tokens;
    boolean failMidStream;
    String text;
    boolean echo;
    final List<ToolCall> toolCalls = new ArrayList<>();
    /** The user text without the directive lines. */
    String remainingText = "";

    static final Directives NONE = new Directives();

    static Directives parse(String messageText) {
        Directives d = new Directives();
        if (messageText == null || messageText.isEmpty()) {
            return d;
        }
        StringBuilder rest = new StringBuilder();
        for (String rawLine : messageText.split("\r?\n", -1)) {
            String line = rawLine.strip();
            if (!d.apply(line)) {
                if (!rest.isEmpty()) {
                    rest.append('\n');
                }
                rest.append(rawLine);
            }
        }
        d.remainingText = rest.toString();
        return d;
    }

    private boolean apply(String line) {
        try {
            if (line.equals("echo")) {
                echo = true;
                return true;
            }
            if (line.equals("fail-mid-stream")) {
                failMidStream = true;
                return true;
            }
            if (line.startsWith("text-json:")) {
                // A JSON string literal, for answers with several lines (e.g. a slide deck in markdown).
                JsonNode literal = Json.parseOrNull(line.substring(10).strip());
                if (literal == null || !literal.isString()) {
                    return false;
                }
                text = literal.stringValue();
                return true;
            }
            if (line.startsWith("text:")) {
                text = line.substring(5);
                return true;
            }
            if (line.startsWith("error:")) {
                int status = Integer.parseInt(line.substring(6).strip());
                if (status < 100 || status > 599) {
                    return false;
                }
                errorStatus = status;
                return true;
            }
            if (line.startsWith("retry-after:")) {
                retryAfterSeconds = Math.max(0, Long.parseLong(line.substring(12).strip()));
                return true;
            }
            if (line.startsWith("token-delay:")) {
                tokenDelayMs = Math.max(0, Long.parseLong(line.substring(12).strip()));
                return true;
            }
            if (line.startsWith("delay:")) {
                delayMs = Math.max(0, Long.parseLong(line.substring(6).strip()));
                return true;
            }
            if (line.startsWith("tokens:")) {
                tokens = Math.max(0, Integer.parseInt(line.substring(7).strip()));
                return true;
            }
            if (line.startsWith("tool:")) {
                String spec = line.substring(5).strip();
                if (spec.isEmpty()) {
                    return false;
                }
                int sp = indexOfWhitespace(spec);
                String name = sp < 0 ? spec : spec.substring(0, sp);
                String args = sp < 0 ? "" : spec.substring(sp).strip();
                ObjectNode argsNode;
                if (args.isEmpty()) {
                    argsNode = Json.object();
                } else {
                    JsonNode parsed = Json.parseOrNull(args);
                    if (parsed instanceof ObjectNode o) {
                        argsNode = o;
                    } else {
                        argsNode = Json.object();
                        argsNode.put("input", args);
                    }
                }
                toolCalls.add(new ToolCall(name, argsNode));
                return true;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        return false;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
