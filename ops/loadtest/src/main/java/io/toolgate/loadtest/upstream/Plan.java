package io.toolgate.loadtest.upstream;

import java.util.ArrayList;
import java.util.List;

import reactor.netty.http.server.HttpServerResponse;

/** What the fake model will answer to one chat request (protocol independent). */
final class Plan {

    List<String> tokens = List.of();
    List<Directives.ToolCall> toolCalls = List.of();
    /** OpenAI vocabulary: stop, length, tool_calls. */
    String finishReason = "stop";
    int promptTokens;
    long delayMs;
    long tokenDelayMs;
    boolean failMidStream;
    Integer errorStatus;
    Long retryAfterSeconds;

    /** Adds the scripted {@code Retry-After} header (directive {@code retry-after:<seconds>}) to an error answer. */
    HttpServerResponse retryAfter(HttpServerResponse res) {
        if (retryAfterSeconds != null) {
            res.header("Retry-After", Long.toString(retryAfterSeconds));
        }
        return res;
    }

    String text() {
        return String.join("", tokens);
    }

    int completionTokens() {
        if (!toolCalls.isEmpty()) {
            int n = 0;
            for (Directives.ToolCall c : toolCalls) {
                n += 1 + Tokens.fragments(Json.write(c.arguments())).size();
            }
            return n;
        }
        return tokens.size();
    }

    /**
     * Builds the plan from the conversation.
     *
     * @param maxTokens max completion tokens, or {@code null}
     * @param stops     stop sequences (may be empty)
     */
    static Plan create(Conversation conv, String rawBody, Integer maxTokens, List<String> stops,
                       long defaultTokenDelayMs) {
        Plan p = new Plan();
        p.promptTokens = conv.promptTokens();
        Conversation.Message last = conv.last();
        Directives d = last != null && "user".equals(last.role()) ? Directives.parse(last.text()) : Directives.NONE;
        p.delayMs = Math.max(0, d.delayMs);
        p.tokenDelayMs = d.tokenDelayMs >= 0 ? d.tokenDelayMs : defaultTokenDelayMs;
        p.failMidStream = d.failMidStream;
        p.errorStatus = d.errorStatus;
        p.retryAfterSeconds = d.retryAfterSeconds;
        if (last != null && "tool".equals(last.role())) {
            // A tool result may script the next step ("tool:" lines), so multi-step tool loops can be tested.
            Directives chained = Directives.parse(last.text());
            if (!chained.toolCalls.isEmpty()) {
                d = chained;
            }
        }
        if (!d.toolCalls.isEmpty()) {
            p.toolCalls = List.copyOf(d.toolCalls);
            p.finishReason = "tool_calls";
            return p;
        }
        List<String> tokens;
        if (d.echo) {
            tokens = Tokens.split(rawBody);
        } else if (d.text != null) {
            tokens = Tokens.split(d.text);
        } else if (d.tokens != null) {
            tokens = new ArrayList<>(d.tokens);
            for (int i = 1; i <= d.tokens; i++) {
                tokens.add("tok" + i + " ");
            }
        } else if (last != null && "tool".equals(last.role())) {
            tokens = Tokens.split("Tool results: " + String.join(" | ", conv.trailingToolResults()));
        } else {
            tokens = Tokens.split(defaultAnswer(last != null && "user".equals(last.role())
                    ? d.remainingText : lastUserText(conv)));
        }
        String finish = "stop";
        if (maxTokens != null && maxTokens >= 0 && tokens.size() > maxTokens) {
            tokens = new ArrayList<>(tokens.subList(0, maxTokens));
            finish = "length";
        }
        if (stops != null && !stops.isEmpty()) {
            String full = String.join("", tokens);
            int cut = -1;
            for (String s : stops) {
                if (s == null || s.isEmpty()) {
                    continue;
                }
                int idx = full.indexOf(s);
                if (idx >= 0 && (cut < 0 || idx < cut)) {
                    cut = idx;
                }
            }
            if (cut >= 0) {
                List<String> kept = new ArrayList<>();
                int pos = 0;
                for (String t : tokens) {
                    if (pos >= cut) {
                        break;
                    }
                    if (pos + t.length() <= cut) {
                        kept.add(t);
                    } else {
                        kept.add(t.substring(0, cut - pos));
                    }
                    pos += t.length();
                }
                tokens = kept;
                finish = "stop";
            }
        }
        p.tokens = tokens;
        p.finishReason = finish;
        return p;
    }

    private static String lastUserText(Conversation conv) {
        Conversation.Message u = conv.lastUser();
        return u == null ? "" : Directives.parse(u.text()).remainingText;
    }

    static String defaultAnswer(String userText) {
        List<String> words = new ArrayList<>();
        for (String w : userText.strip().split("\\s+")) {
            if (!w.isEmpty() && words.size() < 8) {
                words.add(w);
            }
        }
        return words.isEmpty() ? "Fake answer." : "Fake answer to: " + String.join(" ", words);
    }
}
