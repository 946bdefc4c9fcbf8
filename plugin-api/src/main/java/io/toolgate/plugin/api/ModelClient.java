package io.toolgate.plugin.api;

import java.util.Map;

/** Lets a tool ask a language model served by the gateway (e.g. to write slides from a request). */
public interface ModelClient {

	/**
	 * A single completion.
	 * @param model the model id as in {@code /v1/models}, or null for the model of the current request
	 * @param systemPrompt instructions, or null
	 * @param userPrompt the request
	 * @param options OpenAI request fields such as {@code temperature} or {@code max_tokens}
	 * @return the model's answer text
	 * @throws Exception when the model cannot answer
	 */
	String complete(String model, String systemPrompt, String userPrompt, Map<String, Object> options) throws Exception;
}
