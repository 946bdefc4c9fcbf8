package io.toolgate.gateway.knowledge;

import java.util.Map;

/**
 * A collection of documents searched by meaning; OpenAI clients see it as a vector store.
 *
 * @param id {@code vs_...}
 * @param ownerId who created it
 * @param name how users and the rag tool address it: unique among the owner's collections, or among the shared
 * @param description what it holds (optional)
 * @param shared created by an admin for everyone to search
 * @param embeddingModel the model its vectors come from ({@link KnowledgeEmbeddings#modelId()})
 * @param metadata up to 16 string pairs, as OpenAI's vector stores have
 * @param createdAt epoch milliseconds
 * @param lastActiveAt last search or change, epoch milliseconds
 */
public record KnowledgeCollection(String id, String ownerId, String name, String description, boolean shared,
		String embeddingModel, Map<String, String> metadata, long createdAt, long lastActiveAt) {
}
