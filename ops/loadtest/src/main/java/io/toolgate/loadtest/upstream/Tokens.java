package io.toolgate.loadtest.upstream;

import java.util.ArrayList;
import java.util.List;

/** Deterministic whitespace "tokeniser". */
final class Tokens {

    private Tokens() {
    }

    static int countWords(String text) {
        if (text == null) {
            return 0;
        }
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean ws = Character.isWhitespace(text.charAt(i));
            if (!ws && !inWord) {
                n++;
            }
            inWord = !ws;
        }
        return n;
    }

    /**
     * Splits text into tokens: each token is a run of non-whitespace followed by the whitespace after it
     * (leading whitespace belongs to the first token). Concatenating the tokens gives the text back exactly.
     */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        int len = text.length();
        int start = 0;
        int i = 0;
        while (i < len && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        while (i < len) {
            while (i < len && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < len && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            out.add(text.substring(start, i));
            start = i;
        }
        if (start < len) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** Splits a string into small pieces (sizes cycle 3,5,4,6 characters), like OpenAI argument fragments. */
    static List<String> fragments(String s) {
        List<String> out = new ArrayList<>();
        int[] sizes = {3, 5, 4, 6};
        int i = 0;
        int k = 0;
        while (i < s.length()) {
            int end = Math.min(s.length(), i + sizes[k++ % sizes.length]);
            out.add(s.substring(i, end));
            i = end;
        }
        return out;
    }
}
