package io.toolgate.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes API keys ({@code tg-} + 43 random base62 characters, about 256 bits) and their stored forms. Keys are
 * random, so a SHA-256 hash is as safe to store as a slow password hash and can be looked up directly.
 */
public final class ApiKeyCodec {

	private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

	private final SecureRandom random = new SecureRandom();

	public String newKey() {
		char[] chars = new char[43];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
		}
		return "tg-" + new String(chars);
	}

	public String newId(String prefix) {
		char[] chars = new char[20];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
		}
		return prefix + new String(chars);
	}

	public static String hash(String key) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** What lists show instead of the key: its start and end. */
	public static String hint(String key) {
		return key.length() <= 10 ? "tg-..." : key.substring(0, 6) + "..." + key.substring(key.length() - 4);
	}
}
