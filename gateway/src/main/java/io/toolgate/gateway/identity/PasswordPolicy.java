package io.toolgate.gateway.identity;

import java.nio.charset.StandardCharsets;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.openai.OpenAiException;

/**
 * BCrypt hashing with the checks BCrypt itself does not do: it silently ignores bytes after the 72nd, so
 * longer passwords are refused rather than truncated.
 */
@Component
public class PasswordPolicy {

	static final int MAX_BYTES = 72;

	static final int MIN_LENGTH = 8;

	private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();

	public String hash(String password) {
		if (password == null || password.length() < MIN_LENGTH) {
			throw OpenAiException.invalidRequest("A password needs at least " + MIN_LENGTH + " characters.", "password");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw OpenAiException.invalidRequest("A password may be at most " + MAX_BYTES
					+ " bytes long (BCrypt ignores anything after that); choose a shorter one.", "password");
		}
		return encoder.encode(password);
	}

	public boolean matches(String password, String hash) {
		if (password == null || hash == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			return false;
		}
		return encoder.matches(password, hash);
	}
}
