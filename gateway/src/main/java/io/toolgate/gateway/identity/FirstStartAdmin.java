package io.toolgate.gateway.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.toolgate.gateway.GatewayProperties;

/**
 * On the first start (no users yet) creates the {@code admin} user and its API key: the key from
 * {@code TOOLGATE_ADMIN_KEY} ({@code toolgate.admin-key}) if set, otherwise a new one that is printed once and
 * written to {@code <data-dir>/admin.key} (mode 600). Later starts leave everything as it is.
 */
@Component
public class FirstStartAdmin implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(FirstStartAdmin.class);

	private final UserRepository users;

	private final ApiKeyRepository keys;

	private final GatewayProperties gateway;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ApiKeyCodec codec = new ApiKeyCodec();

	public FirstStartAdmin(UserRepository users, ApiKeyRepository keys, GatewayProperties gateway,
			TransactionTemplate transactions, Clock clock) {
		this.users = users;
		this.keys = keys;
		this.gateway = gateway;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String preset = gateway.adminKey();
		if (preset != null && !preset.isBlank() && preset.length() < 16) {
			throw new IllegalStateException("TOOLGATE_ADMIN_KEY (toolgate.admin-key) must be at least 16 characters long");
		}
		String created = transactions.execute(status -> {
			if (users.countNow() > 0) {
				return null;
			}
			long now = clock.millis();
			User admin = users.insertNow(User.local(codec.newId("usr_"), "admin", null, Role.ADMIN, now));
			String key = preset != null && !preset.isBlank() ? preset : codec.newKey();
			keys.insertNow(new ApiKey(codec.newId("key_"), admin.id(), "admin (first start)", ApiKeyCodec.hash(key),
					ApiKeyCodec.hint(key), now, null, null, null));
			return key;
		});
		if (created == null) {
			return;
		}
		if (preset != null && !preset.isBlank()) {
			log.info("First start: created user 'admin' with the API key from TOOLGATE_ADMIN_KEY");
			return;
		}
		Path file = gateway.dataDir().resolve("admin.key");
		try {
			if (!Files.exists(file)) {
				io.toolgate.gateway.PrivateFiles.createFile(file); // 0600 before the key is in it
			}
			Files.writeString(file, created + System.lineSeparator());
			LocalJwtIssuer.restrict(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write " + file.toAbsolutePath(), e);
		}
		// Printed on stdout, not only logged, so the operator sees it once whatever the log configuration.
		System.out.println();
		System.out.println("  Toolgate first start: created user 'admin'. Its API key (shown once, also in "
				+ file.toAbsolutePath() + "):");
		System.out.println("  " + created);
		System.out.println();
	}
}
