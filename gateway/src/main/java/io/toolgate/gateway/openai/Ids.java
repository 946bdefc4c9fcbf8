package io.toolgate.gateway.openai;

import java.util.concurrent.ThreadLocalRandom;

/** Identifiers in OpenAI's style ({@code chatcmpl-...}, {@code call_...}). */
public final class Ids {

	private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

	private Ids() {
	}

	public static String completionId() {
		return "chatcmpl-" + random(29);
	}

	public static String toolCallId() {
		return "call_" + random(24);
	}

	private static String random(int length) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
		}
		return new String(chars);
	}
}
