package io.toolgate.gateway.upstream.llamacpp;

/**
 * One generation as llama.cpp is asked for it: the templated prompt, the exact token budget and the
 * resolved sampling settings (request values over configured defaults).
 */
public record GenerationRequest(String prompt, int maxTokens, double temperature, double topP, int topK, double minP,
		double repeatPenalty, int repeatLastN, double presencePenalty, double frequencyPenalty, int mirostat,
		double mirostatTau, double mirostatEta, Integer seed) {
}
