package io.toolgate.gateway.knowledge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * The embedding model the vector stores are built with: it hands out vectors computed beforehand by
 * {@link #prepare}, and embeds anything else (search queries) with the real model.
 * <p>
 * Why: embedding is the slow part of adding a file, and it must not happen while the collection is locked for the
 * change (searches and other files would wait for it), nor one chunk per call (SimpleVectorStore asks for one
 * document's vector at a time). So the chunks are embedded first, in batches, and the store's {@code add} then
 * only picks up their vectors. Prepared vectors are keyed by the very {@link Document} objects, so concurrent
 * additions never see each other's.
 */
class PreparedEmbeddings implements EmbeddingModel {

	private final EmbeddingModel model;

	private final BatchingStrategy batching;

	private final Map<Document, float[]> prepared = Collections.synchronizedMap(new IdentityHashMap<>());

	PreparedEmbeddings(EmbeddingModel model, BatchingStrategy batching) {
		this.model = model;
		this.batching = batching;
	}

	/** Embeds the documents in batches (blocking) and keeps their vectors for the store's {@code add}. */
	void prepare(List<Document> documents) {
		if (documents.isEmpty()) {
			return;
		}
		List<float[]> vectors = model.embed(documents, null, batching);
		for (int i = 0; i < documents.size(); i++) {
			prepared.put(documents.get(i), vectors.get(i));
		}
	}

	/** Forgets prepared vectors that were not used (the addition failed or was abandoned). */
	void discard(List<Document> documents) {
		documents.forEach(prepared::remove);
	}

	int pending() {
		return prepared.size();
	}

	@Override
	public float[] embed(Document document) {
		float[] vector = prepared.remove(document);
		return vector != null ? vector : model.embed(document);
	}

	@Override
	public List<float[]> embed(List<Document> documents, @Nullable EmbeddingOptions options,
			BatchingStrategy batchingStrategy) {
		List<float[]> vectors = new ArrayList<>(documents.size());
		List<Document> missing = new ArrayList<>();
		for (Document document : documents) {
			float[] vector = prepared.remove(document);
			vectors.add(vector);
			if (vector == null) {
				missing.add(document);
			}
		}
		if (!missing.isEmpty()) {
			List<float[]> computed = model.embed(missing, options, batching);
			int next = 0;
			for (int i = 0; i < vectors.size(); i++) {
				if (vectors.get(i) == null) {
					vectors.set(i, computed.get(next++));
				}
			}
		}
		return vectors;
	}

	@Override
	public EmbeddingResponse call(EmbeddingRequest request) {
		return model.call(request);
	}

	@Override
	public int dimensions() {
		return model.dimensions();
	}
}
