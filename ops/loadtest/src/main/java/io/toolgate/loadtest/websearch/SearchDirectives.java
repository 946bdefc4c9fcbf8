package io.toolgate.loadtest.websearch;

import java.util.ArrayList;
import java.util.List;

/**
 * Test directives inside a search query: whitespace-separated words such as {@code error:429} or
 * {@code delay:2000}. They are removed from the query that the fake "searches" for and echoes back, so a test
 * (or a model scripted by the fake upstream) steers the fake through the one field every client sends.
 */
final class SearchDirectives {

    /** Answer this HTTP status with the service's own error body. */
    Integer errorStatus;
    /** Wait this long before answering. */
    long delayMs;
    /** How many results to return, or -1 for the service's default. */
    int results = -1;
    /** Answer 200 with an HTML page instead of JSON (a proxy's or captive portal's page). */
    boolean html;
    /** Engines reported as unresponsive (SearXNG). */
    final List<String> unresponsive = new ArrayList<>();
    /** The query without the directives. */
    String query = "";

    static SearchDirectives parse(String query) {
        SearchDirectives d = new SearchDirectives();
        if (query == null) {
            return d;
        }
        StringBuilder rest = new StringBuilder();
        for (String word : query.strip().split("\\s+")) {
            if (!d.apply(word)) {
                if (!rest.isEmpty()) {
                    rest.append(' ');
                }
                rest.append(word);
            }
        }
        d.query = rest.toString();
        return d;
    }

    private boolean apply(String word) {
        try {
            if (word.startsWith("error:")) {
                int status = Integer.parseInt(word.substring(6));
                if (status < 100 || status > 599) {
                    return false;
                }
                errorStatus = status;
                return true;
            }
            if (word.startsWith("delay:")) {
                delayMs = Math.max(0, Long.parseLong(word.substring(6)));
                return true;
            }
            if (word.startsWith("results:")) {
                results = Math.max(0, Integer.parseInt(word.substring(8)));
                return true;
            }
            if (word.equals("html")) {
                html = true;
                return true;
            }
            if (word.startsWith("unresponsive:") && word.length() > 13) {
                unresponsive.add(word.substring(13));
                return true;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        return false;
    }
}
