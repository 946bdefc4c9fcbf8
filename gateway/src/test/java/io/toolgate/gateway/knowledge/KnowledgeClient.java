package io.toolgate.gateway.knowledge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.files.FilesClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A test user of the knowledge API: an HTTP client with the user's key and the user's id; files are uploaded
 * through the files API.
 */
record KnowledgeClient(HttpTestClient http, String userId, int port, Path dataDir) {

	/** The test admin. */
	static KnowledgeClient admin(int port, Path dataDir) {
		HttpTestClient http = new HttpTestClient(port);
		return new KnowledgeClient(http, http.get("/api/me").json().path("id").asString(), port, dataDir);
	}

	/** A new ordinary user, created by the admin. */
	KnowledgeClient newUser(String prefix) {
		String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
		JsonNode user = http.post("/api/users", "{\"username\":\"" + name + "\",\"password\":\"password-" + name + "\"}")
			.json();
		String key = http.post("/api/keys", "{\"user_id\":\"" + user.path("id").asString() + "\"}").json().path("key")
			.asString();
		return new KnowledgeClient(http.as(key), user.path("id").asString(), port, dataDir);
	}

	/** Uploads a file through the files API ({@code POST /v1/files}, purpose {@code assistants}); its id. */
	String saveFile(String name, byte[] content) {
		return new FilesClient(port, http.apiKey()).uploaded(name, "application/octet-stream", content, "assistants")
			.path("id").asString();
	}

	/** Creates a collection; its id. */
	String createCollection(String name) {
		HttpTestClient.Response created = http.post("/api/collections", "{\"name\":\"" + name + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	/** Adds a file by id and waits for it; the answer. */
	HttpTestClient.Response addFile(String collectionId, String fileId) {
		return http.post("/api/collections/" + collectionId + "/files", "{\"file_id\":\"" + fileId + "\"}");
	}

	/** Adds a file and insists it was indexed; its view. */
	JsonNode addIndexed(String collectionId, String name, byte[] content) {
		HttpTestClient.Response added = addFile(collectionId, saveFile(name, content));
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		assertThat(added.json().path("status").asString()).isEqualTo("completed");
		return added.json();
	}

	JsonNode search(String collectionId, String query, int topK) {
		HttpTestClient.Response found = http.post("/api/collections/" + collectionId + "/search",
				"{\"query\":\"" + query + "\",\"top_k\":" + topK + "}");
		assertThat(found.status()).as(found.body()).isEqualTo(200);
		return found.json().path("results");
	}

	/** Waits until no file of the collection is in progress. */
	void awaitIndexed(String collectionId) {
		awaitIndexed(collectionId, Duration.ofMinutes(3));
	}

	void awaitIndexed(String collectionId, Duration atMost) {
		await().atMost(atMost).pollInterval(Duration.ofMillis(250))
			.until(() -> http.get("/api/collections/" + collectionId).json().at("/file_counts/in_progress").asInt() == 0);
	}

	/** A multipart upload of one file (field {@code file}) and optional extra form fields. */
	HttpTestClient.Response upload(String path, String name, byte[] content, String... fields) {
		String boundary = "----toolgate" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		try {
			for (int i = 0; i + 1 < fields.length; i += 2) {
				body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
						+ fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
			}
			body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
					+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			body.write(content);
			body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
			HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.header("Authorization", "Bearer " + http.apiKey())
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.timeout(Duration.ofMinutes(2))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
				.build(), HttpResponse.BodyHandlers.ofString());
			return new HttpTestClient.Response(response.statusCode(), response.body(), response.headers());
		}
		catch (IOException | InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}
}
