package io.toolgate.gateway.knowledge;

import java.util.Map;

/**
 * What a new collection is to be.
 *
 * @param name its name (null: the id is used, as for OpenAI vector stores created without one)
 * @param description what it holds, or null
 * @param shared for everyone to search (admins only)
 * @param metadata up to 16 string pairs, or null
 */
public record NewCollection(String name, String description, boolean shared, Map<String, String> metadata) {
}
