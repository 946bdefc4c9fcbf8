package io.toolgate.gateway.knowledge;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.upstream.ModelCatalog;
import io.toolgate.gateway.upstream.UpstreamRouter;

/**
 * The embedding model of all collections: an upstream's model when {@code toolgate.knowledge.embedding.model}
 * names one, otherwise the built-in ONNX model. Each collection records {@link #modelId()} when it is created,
 * because vectors from different models cannot be compared: a collection made with another model is refused
 * for search and new files, with a message saying so, rather than answering nonsense.
 */
@Component
public class KnowledgeEmbeddings implements DisposableBean {

	private final EmbeddingModel model;

	private final String modelId;

	private final int batchSize;

	public KnowledgeEmbeddings(KnowledgeProperties properties, ModelCatalog catalog, UpstreamRouter router) {
		KnowledgeProperties.Embedding embedding = properties.embedding();
		if (embedding.builtin()) {
			this.model = new MiniLmEmbeddingModel(embedding.threads());
			this.modelId = MiniLmEmbeddingModel.ID;
		}
		else {
			this.model = new UpstreamEmbeddingModel(embedding.model(), catalog, router, embedding.timeout());
			this.modelId = "upstream:" + embedding.model();
		}
		this.batchSize = embedding.batchSize();
	}

	/** The Spring AI model; blocking, so only called on the knowledge workers. */
	public EmbeddingModel model() {
		return model;
	}

	/** {@code builtin:all-minilm-l6-v2-q} or {@code upstream:<model>}. */
	public String modelId() {
		return modelId;
	}

	/** Splits documents into embedding calls of at most {@code toolgate.knowledge.embedding.batch-size} texts. */
	public BatchingStrategy batching() {
		return documents -> {
			List<List<Document>> batches = new ArrayList<>();
			for (int i = 0; i < documents.size(); i += batchSize) {
				batches.add(documents.subList(i, Math.min(documents.size(), i + batchSize)));
			}
			return batches;
		};
	}

	@Override
	public void destroy() {
		if (model instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ignored) {
				// shutting down: nothing left to do with a pool that will not close
			}
		}
	}
}
