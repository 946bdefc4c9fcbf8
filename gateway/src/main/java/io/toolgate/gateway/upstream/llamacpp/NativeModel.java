package io.toolgate.gateway.upstream.llamacpp;

import java.util.Iterator;

/**
 * A loaded model as the gateway uses it: the few native operations of java-llama.cpp behind an interface,
 * so that generation, unloading and shutdown can be tested against models that misbehave (a close that never
 * returns). Every method blocks; callers run them on the upstream's bounded scheduler.
 */
public interface NativeModel {

	/** The chat messages (OpenAI-style JSON array of role/content) rendered with the model's template. */
	String applyTemplate(String messagesJson);

	/** Token count of a prompt as llama.cpp will evaluate it (including BOS when the model adds one). */
	int countPromptTokens(String prompt);

	/** Starts a generation; {@code parametersJson} is llama.cpp's completion request. */
	Generation generate(GenerationRequest request);

	/** Releases the model; may block (java-llama.cpp's close has been seen never to return). */
	void close();

	/** One running generation: one {@link Piece} per sampled token, then a final piece. */
	interface Generation extends Iterator<Piece> {

		/** Stops the generation; only called from the thread that iterates. */
		void cancel();
	}

	/**
	 * One result of a generation.
	 *
	 * @param text text completed by this token (may be empty)
	 * @param last whether this is the final result, which carries no token
	 */
	record Piece(String text, boolean last) {
	}
}
