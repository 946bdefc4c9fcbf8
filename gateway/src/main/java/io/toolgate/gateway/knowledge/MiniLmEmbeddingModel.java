package io.toolgate.gateway.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;

/**
 * The built-in embedding model: all-MiniLM-L6-v2, quantized, run in-process by ONNX Runtime from the model file
 * inside langchain4j's Maven artifact. It needs no network and no model server, so RAG works on a fresh machine.
 * Vectors have 384 dimensions and unit length. Blocking and CPU-bound: callers run it on the knowledge workers.
 * The model (about 23 MB) is loaded on first use, not at start-up.
 */
public class MiniLmEmbeddingModel implements EmbeddingModel, AutoCloseable {

	/** How collections record this model (see {@link KnowledgeEmbeddings#modelId()}). */
	public static final String ID = "builtin:all-minilm-l6-v2-q";

	static final int DIMENSIONS = 384;

	private final int threads;

	private volatile ExecutorService executor;

	private volatile AllMiniLmL6V2QuantizedEmbeddingModel model;

	public MiniLmEmbeddingModel(int threads) {
		this.threads = threads;
	}

	@Override
	public EmbeddingResponse call(EmbeddingRequest request) {
		List<TextSegment> segments = request.getInstructions().stream().map(MiniLmEmbeddingModel::segment).toList();
		if (segments.isEmpty()) {
			return new EmbeddingResponse(List.of());
		}
		Response<List<dev.langchain4j.data.embedding.Embedding>> response = model().embedAll(segments);
		List<Embedding> embeddings = new ArrayList<>(segments.size());
		for (int i = 0; i < response.content().size(); i++) {
			embeddings.add(new Embedding(response.content().get(i).vector(), i));
		}
		int tokens = response.tokenUsage() == null || response.tokenUsage().inputTokenCount() == null ? 0
				: response.tokenUsage().inputTokenCount();
		return new EmbeddingResponse(embeddings, new EmbeddingResponseMetadata(ID, new DefaultUsage(tokens, 0)));
	}

	/** The model refuses blank text; a blank chunk never reaches it, but a blank query might. */
	private static TextSegment segment(String text) {
		return TextSegment.from(text == null || text.isBlank() ? "." : text);
	}

	@Override
	public float[] embed(Document document) {
		return embed(document.getText() == null ? "" : document.getText());
	}

	@Override
	public int dimensions() {
		return DIMENSIONS;
	}

	/**
	 * Loads the model once. Its class loads the ONNX file and tokenizer through the thread's context class loader,
	 * so that is set to the gateway's for the duration.
	 */
	private AllMiniLmL6V2QuantizedEmbeddingModel model() {
		AllMiniLmL6V2QuantizedEmbeddingModel loaded = model;
		if (loaded != null) {
			return loaded;
		}
		synchronized (this) {
			if (model == null) {
				Thread thread = Thread.currentThread();
				ClassLoader previous = thread.getContextClassLoader();
				thread.setContextClassLoader(getClass().getClassLoader());
				try {
					executor = Executors.newFixedThreadPool(threads,
							KnowledgeWorkers.threads("embedding", getClass().getClassLoader()));
					model = new AllMiniLmL6V2QuantizedEmbeddingModel(executor);
				}
				finally {
					thread.setContextClassLoader(previous);
				}
			}
			return model;
		}
	}

	@Override
	public void close() {
		ExecutorService running = executor;
		if (running != null) {
			running.shutdownNow();
		}
	}
}
