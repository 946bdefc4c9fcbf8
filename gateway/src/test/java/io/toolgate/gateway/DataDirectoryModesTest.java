package io.toolgate.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After real use (a database written in WAL mode, a signed token, an upload), the data directory and what the
 * gateway keeps in it are the owner's only, even where the directory existed before with looser modes.
 */
// The data directory as an ordinary property (not a dynamic one), so that it is set before the environment is post-
// processed, as it is in production, where DataDirectoryInitializer prepares it.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "toolgate.data-dir=${java.io.tmpdir}/" + DataDirectoryModesTest.DIR + "/data")
class DataDirectoryModesTest {

	static final String DIR = "toolgate-data-modes-test";

	static final Path dataDir = Path.of(System.getProperty("java.io.tmpdir"), DIR, "data");

	static {
		try {
			org.springframework.util.FileSystemUtils.deleteRecursively(dataDir.getParent());
			Files.createDirectories(dataDir);
			Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x")); // as an old install left it
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.data-dir", dataDir::toString); // over the fresh one register() chose
		registry.add("toolgate.plugins-dir", () -> dataDir.resolveSibling("plugins").toString());
	}

	@LocalServerPort
	int port;

	@Test
	void theDataDirectoryTheDatabaseWithItsWalAndShmAndTheKeysAreOwnerOnlyAfterRealUse() throws Exception {
		HttpTestClient admin = new HttpTestClient(port);
		assertThat(admin.post("/api/keys", "{\"name\":\"modes\"}").status()).isEqualTo(201);
		assertThat(admin.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"nope\"}").status())
			.isEqualTo(401);
		assertThat(upload()).isEqualTo(200);

		assertThat(mode(dataDir)).isEqualTo("rwx------");
		for (String name : new String[] { "toolgate.db", "toolgate.db-wal", "toolgate.db-shm", "jwt.key" }) {
			assertThat(dataDir.resolve(name)).as(name).exists();
			assertThat(mode(dataDir.resolve(name))).as(name).isEqualTo("rw-------");
		}
		// Uploads: owner-only, except when the gateway runs as root, whose sandbox user must read them at /data.
		boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
		try (Stream<Path> stored = Files.walk(dataDir.resolve("files"))) {
			for (Path path : stored.filter(p -> !p.getFileName().toString().equals(".incoming")).toList()) {
				String expected = Files.isDirectory(path) ? (root ? "rwxr-xr-x" : "rwx------")
						: (root ? "rw-r--r--" : "rw-------");
				assertThat(mode(path)).as(dataDir.relativize(path).toString()).isEqualTo(expected);
			}
		}
	}

	private int upload() throws Exception {
		String boundary = "----toolgate-modes";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "--\r\n";
		return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/files"))
			.header("Authorization", "Bearer " + TestUpstreams.ADMIN_KEY)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	private static String mode(Path path) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
	}
}
