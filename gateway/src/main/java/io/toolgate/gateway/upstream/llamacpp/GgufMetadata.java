package io.toolgate.gateway.upstream.llamacpp;

import java.util.Map;
import java.util.Optional;

/**
 * What the gateway needs from a GGUF file's header, read without loading the model: its scalar metadata
 * (arrays such as the vocabulary are skipped).
 *
 * @param version GGUF format version
 * @param tensorCount number of tensors
 * @param values scalar key-value metadata ({@code general.name}, {@code tokenizer.chat_template}, ...)
 */
public record GgufMetadata(int version, long tensorCount, Map<String, Object> values) {

	public GgufMetadata {
		values = Map.copyOf(values);
	}

	/** The chat template stored in the file, if any. */
	public Optional<String> chatTemplate() {
		return string("tokenizer.chat_template").filter(t -> !t.isBlank());
	}

	/** Whether the tokenizer puts a BOS token in front of a prompt (llama.cpp's default is yes). */
	public boolean addsBos() {
		Object value = values.get("tokenizer.ggml.add_bos_token");
		return !(value instanceof Boolean b) || b;
	}

	public Optional<String> string(String key) {
		return values.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
	}
}
