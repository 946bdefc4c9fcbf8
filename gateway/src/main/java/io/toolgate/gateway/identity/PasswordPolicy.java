package io.toolgate.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.security.crypto.password.PasswordEncoder;
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

	private final PasswordEncoder encoder;

	/**
	 * Checked against when there is no hash to check (unknown user, no password), made by the same encoder so
	 * that it costs what a real check costs: a wrong name must not answer faster than a wrong password.
	 */
	private final String dummyHash;

	public PasswordPolicy(PasswordEncoder encoder) {
		this.encoder = encoder;
		this.dummyHash = encoder.encode(UUID.randomUUID().toString());
	}

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

	/**
	 * Whether the password matches the hash, at the cost of exactly one check whatever the case: with no hash
	 * (unknown user, or one without a password) the dummy hash is checked instead and the answer is false.
	 */
	public boolean matches(String password, String hash) {
		if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			return false;
		}
		boolean matches = encoder.matches(password, hash != null ? hash : dummyHash);
		return hash != null && matches;
	}
}
