package io.toolgate.gateway.knowledge;

import java.net.URL;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in model: one ONNX Runtime on the class path, offline, 384-dimensional unit vectors that mean something. */
class MiniLmEmbeddingModelTest {

	@Test
	void exactlyOneOnnxRuntimeIsOnTheClassPath() throws Exception {
		List<URL> runtimes = Collections.list(getClass().getClassLoader().getResources("ai/onnxruntime/OrtEnvironment.class"));
		assertThat(runtimes).as("copies of ONNX Runtime: %s", runtimes).hasSize(1);
		assertThat(runtimes.get(0).toString()).contains("onnxruntime-1.").doesNotContain("onnxruntime_gpu");
	}

	@Test
	void embedsInBatchesWithVectorsThatMeanSomething() {
		try (MiniLmEmbeddingModel model = new MiniLmEmbeddingModel(2)) {
			assertThat(model.dimensions()).isEqualTo(384);
			EmbeddingResponse response = model.call(new EmbeddingRequest(List.of("The cat sleeps on the sofa.",
					"A kitten is napping on the couch.", "Quarterly revenue grew by eight percent."), null));
			assertThat(response.getResults()).hasSize(3);
			float[] cat = response.getResults().get(0).getOutput();
			float[] kitten = response.getResults().get(1).getOutput();
			float[] revenue = response.getResults().get(2).getOutput();
			assertThat(cat).hasSize(384);
			assertThat(dot(cat, cat)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
			assertThat(dot(cat, kitten)).isGreaterThan(dot(cat, revenue) + 0.3);
			assertThat(response.getMetadata().getModel()).isEqualTo(MiniLmEmbeddingModel.ID);
			assertThat(model.embed(new Document("The cat sleeps on the sofa."))).containsExactly(cat);
			// a blank query does not break the model
			assertThat(model.embed(" ")).hasSize(384);
		}
	}

	private static double dot(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}
}
