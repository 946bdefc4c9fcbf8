package io.toolgate.loadtest.upstream;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** The messages of a chat request, reduced to what the fake needs: roles and text. */
record Conversation(List<Message> messages) {

    record Message(String role, String text, int toolCallWords) {
    }

    static Conversation from(JsonNode messagesNode) {
        List<Message> list = new ArrayList<>();
        if (messagesNode != null && messagesNode.isArray()) {
            for (JsonNode m : messagesNode) {
                String role = m.path("role").asString("");
                String text = Json.contentText(m.get("content"));
                int toolWords = 0;
                JsonNode calls = m.get("tool_calls");
                if (calls != null && calls.isArray()) {
                    for (JsonNode c : calls) {
                        toolWords += 1 + Tokens.countWords(c.path("function").path("arguments").toString());
                    }
                }
                list.add(new Message(role, text, toolWords));
            }
        }
        return new Conversation(list);
    }

    Message last() {
        return messages.isEmpty() ? null : messages.get(messages.size() - 1);
    }

    /** Deterministic prompt token count: whitespace-separated words of every message + 1 per message. */
    int promptTokens() {
        int n = 0;
        for (Message m : messages) {
            n += 1 + Tokens.countWords(m.text()) + m.toolCallWords();
        }
        return n;
    }

    /** The trailing run of tool-result messages (role {@code tool}), in order. */
    List<String> trailingToolResults() {
        List<String> out = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0 && "tool".equals(messages.get(i).role()); i--) {
            out.add(0, messages.get(i).text());
        }
        return out;
    }

    Message lastUser() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i);
            }
        }
        return null;
    }
}
