package io.toolgate.gateway.identity;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The gateway's BCrypt encoder, counting its password checks: the cost of a sign-in is measured by how many
 * BCrypt checks it makes, not by the clock.
 */
public class CountingPasswordEncoder implements PasswordEncoder {

	private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

	private final AtomicLong checks = new AtomicLong();

	@Override
	public String encode(CharSequence rawPassword) {
		return bcrypt.encode(rawPassword);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		checks.incrementAndGet();
		return bcrypt.matches(rawPassword, encodedPassword);
	}

	/** BCrypt checks made so far. */
	public long checks() {
		return checks.get();
	}

	/** Puts the counting encoder in place of the gateway's. */
	@TestConfiguration
	public static class Config {

		@Bean
		@Primary
		CountingPasswordEncoder countingPasswordEncoder() {
			return new CountingPasswordEncoder();
		}
	}
}
