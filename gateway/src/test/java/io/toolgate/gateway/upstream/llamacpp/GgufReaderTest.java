package io.toolgate.gateway.upstream.llamacpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.toolgate.gateway.upstream.llamacpp.GgufReader.InvalidModelFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GgufReaderTest {

	final GgufReader reader = new GgufReader();

	@TempDir
	Path dir;

	@Test
	void readsTheTinyModelsMetadata() throws Exception {
		GgufMetadata metadata = reader.read(TestModels.tiny());

		assertThat(metadata.version()).isEqualTo(3);
		assertThat(metadata.tensorCount()).isPositive();
		assertThat(metadata.string("general.architecture")).contains("llama");
		assertThat(metadata.string("general.name")).contains("LLaMA v2");
		assertThat(metadata.chatTemplate()).as("the tiny model carries no chat template").isEmpty();
		assertThat(metadata.addsBos()).isTrue();
		assertThat(metadata.values()).containsKey("llama.context_length");
	}

	@Test
	void missingFile() {
		assertThatThrownBy(() -> reader.read(dir.resolve("nope.gguf"))).isInstanceOf(InvalidModelFileException.class)
			.hasMessageContaining("nope.gguf does not exist");
	}

	@Test
	void directoryIsNotAModel() {
		assertThatThrownBy(() -> reader.read(dir)).isInstanceOf(InvalidModelFileException.class)
			.hasMessageContaining("not a readable regular file");
	}

	@Test
	void foreignFile() throws IOException {
		Path file = Files.writeString(dir.resolve("model.gguf"), "this is not a model at all");
		assertThatThrownBy(() -> reader.read(file)).isInstanceOf(InvalidModelFileException.class)
			.hasMessageContaining("not a GGUF model");
	}

	@Test
	void truncatedInTheMetadata() throws IOException {
		Path file = copyPrefix(100_000);
		assertThatThrownBy(() -> reader.read(file)).isInstanceOf(InvalidModelFileException.class)
			.hasMessageContaining("truncated");
	}

	@Test
	void truncatedInTheTensorData() throws IOException {
		long size = Files.size(TestModels.tiny());
		Path file = copyPrefix((int) (size - 1000));
		assertThatThrownBy(() -> reader.read(file)).isInstanceOf(InvalidModelFileException.class)
			.hasMessageContaining("truncated");
	}

	@Test
	void unsupportedVersion() throws IOException {
		byte[] bytes = Files.readAllBytes(TestModels.tiny());
		bytes[4] = 9;
		Path file = Files.write(dir.resolve("v9.gguf"), bytes);
		assertThatThrownBy(() -> reader.read(file)).isInstanceOf(InvalidModelFileException.class)
			.hasMessageContaining("version 9");
	}

	private Path copyPrefix(int length) throws IOException {
		byte[] bytes = Files.readAllBytes(TestModels.tiny());
		return Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(bytes, length));
	}
}
