package io.toolgate.gateway.upstream.llamacpp;

import java.util.Set;

/** The chat templates llama.cpp has built in, by name (checked against the bundled native library). */
final class ChatTemplates {

	/**
	 * Names accepted by the llama.cpp inside {@code de.kherud:llama} 4.2.0. Anything else makes llama.cpp
	 * abort the process, so configuration is checked against this list first.
	 */
	static final Set<String> BUILT_IN = Set.of("chatml", "llama2", "llama2-sys", "llama2-sys-bos", "llama2-sys-strip",
			"mistral-v1", "mistral-v3", "mistral-v3-tekken", "mistral-v7", "mistral-v7-tekken", "phi3", "phi4",
			"falcon3", "zephyr", "monarch", "gemma", "orion", "openchat", "vicuna", "vicuna-orca", "deepseek",
			"deepseek2", "deepseek3", "command-r", "llama3", "chatglm3", "chatglm4", "glmedge", "minicpm", "exaone3",
			"rwkv-world", "granite", "gigachat", "megrez");

	private ChatTemplates() {
	}
}
