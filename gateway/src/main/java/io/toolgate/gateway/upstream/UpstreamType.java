package io.toolgate.gateway.upstream;

/** The wire protocol an upstream speaks. */
public enum UpstreamType {
	/** Ollama's native {@code /api/chat}, through Spring AI's OllamaChatModel. */
	OLLAMA,
	/** Any OpenAI-compatible server: OpenAI, llama.cpp server, LM Studio, vLLM, OpenRouter. */
	OPENAI,
	/** llama.cpp inside the gateway process (java-llama.cpp), serving GGUF files named in {@code models}. */
	LLAMACPP
}
