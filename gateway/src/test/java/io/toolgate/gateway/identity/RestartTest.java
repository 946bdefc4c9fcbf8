package io.toolgate.gateway.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.ToolgateApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * First start with no preset key creates the admin, prints its key once and writes it to admin.key (mode 600);
 * a restart on the same data directory keeps users, keys and sessions and creates no second admin.
 */
class RestartTest {

	@TempDir
	Path dataDir;

	private ConfigurableApplicationContext start() {
		// A data directory that does not exist yet, as on a first start from a fresh clone.
		return new SpringApplicationBuilder(ToolgateApplication.class).run("--server.port=0",
				"--toolgate.data-dir=" + dataDir.resolve("fresh/data"), "--toolgate.admin-key=",
				"--toolgate.upstreams[0].name=fake", "--toolgate.upstreams[0].type=ollama",
				"--toolgate.upstreams[0].base-url=" + TestUpstreams.ollama().baseUrl());
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Test
	void keepsEverythingAcrossARestart() throws Exception {
		String adminKey;
		String userKey;
		try (ConfigurableApplicationContext first = start()) {
			Path keyFile = dataDir.resolve("fresh/data/admin.key");
			assertThat(keyFile).isRegularFile();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
			adminKey = Files.readString(keyFile).trim();
			assertThat(adminKey).startsWith("tg-");
			HttpTestClient admin = new HttpTestClient(port(first), adminKey);
			var user = admin.post("/api/users", "{\"username\":\"keeper\",\"password\":\"password-keeper\"}");
			assertThat(user.status()).isEqualTo(201);
			userKey = admin.post("/api/keys", "{\"user_id\":\"" + user.json().path("id").asString() + "\"}").json()
				.path("key").asString();
			var chat = admin.as(userKey).post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.OLLAMA_MODEL
					+ "\",\"session_id\":\"kept\",\"messages\":[{\"role\":\"user\",\"content\":\"text:remember me\"}]}");
			assertThat(chat.status()).as(chat.body()).isEqualTo(200);
		}
		String keyFileBefore = Files.readString(dataDir.resolve("fresh/data/admin.key"));
		try (ConfigurableApplicationContext second = start()) {
			HttpTestClient admin = new HttpTestClient(port(second), adminKey);
			assertThat(admin.get("/api/users").json().valueStream().filter(u -> u.path("role").asString().equals("admin")))
				.hasSize(1);
			var history = admin.as(userKey).get("/api/chat/history/kept");
			assertThat(history.status()).isEqualTo(200);
			assertThat(history.json().at("/messages/1/content").asString()).isEqualTo("remember me");
			var login = admin.as(null).post("/api/auth/login", "{\"username\":\"keeper\",\"password\":\"password-keeper\"}");
			assertThat(login.status()).isEqualTo(200);
		}
		assertThat(Files.readString(dataDir.resolve("fresh/data/admin.key"))).isEqualTo(keyFileBefore);
	}
}
