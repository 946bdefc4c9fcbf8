package io.toolgate.loadtest.websearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Deterministic search hits for a query: the same query always gives the same titles, URLs and snippets. */
final class FakeResults {

    /** One hit: {@code rank} counts from 1. */
    record Hit(int rank, String title, String url, String content, double score) {
    }

    private FakeResults() {
    }

    static List<Hit> of(String query, int count) {
        String slug = slug(query);
        List<Hit> hits = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            hits.add(new Hit(i, "Result " + i + " for " + query,
                    "https://example.com/" + slug + "/" + i,
                    "Snippet " + i + " about " + query + ". It says fact " + i + " of the fake index.",
                    Math.round((0.99 - 0.07 * (i - 1)) * 10000) / 10000.0));
        }
        return hits;
    }

    static String slug(String query) {
        String slug = query.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.isEmpty() ? "empty" : slug.length() > 60 ? slug.substring(0, 60) : slug;
    }

    /** A page that is not JSON, as a misconfigured base URL or a proxy's login page would answer. */
    static String htmlPage(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head>\n<body><h1>" + title + "</h1></body></html>\n";
    }
}
