package io.toolgate.gateway.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.HttpTestClient;

/** Real-HTTP calls of the files endpoints: multipart uploads and byte downloads, as one API key. */
public final class FilesClient {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final String apiKey;

	public FilesClient(int port, String apiKey) {
		this.baseUrl = "http://127.0.0.1:" + port;
		this.apiKey = apiKey;
	}

	/** A response with its raw bytes. */
	public record Response(int status, byte[] bytes, java.net.http.HttpHeaders headers) {

		String body() {
			return new String(bytes, StandardCharsets.UTF_8);
		}

		JsonNode json() {
			return JsonMapper.builder().build().readTree(bytes);
		}
	}

	/** A multipart body: text fields and one file part (or none). */
	static final class Multipart {

		final String boundary = "----toolgate" + ThreadLocalRandom.current().nextLong(1L << 40);

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		Multipart field(String name, String value) {
			write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
			return this;
		}

		Multipart file(String name, String filename, String contentType, byte[] content) {
			write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
					+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
			body.writeBytes(content);
			write("\r\n");
			return this;
		}

		byte[] bytes() {
			ByteArrayOutputStream done = new ByteArrayOutputStream();
			done.writeBytes(body.toByteArray());
			done.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
			return done.toByteArray();
		}

		private void write(String text) {
			body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
		}
	}

	static Multipart multipart() {
		return new Multipart();
	}

	Response upload(String path, Multipart body) {
		return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + body.boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())));
	}

	/** The same upload without a Content-Length (chunked), so the gateway learns its size only by reading it. */
	Response uploadChunked(String path, Multipart body) {
		byte[] bytes = body.bytes();
		return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + body.boundary)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))));
	}

	Response raw(String path, String contentType, byte[] body) {
		return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	public Response get(String path) {
		return send(request(path).GET());
	}

	Response delete(String path) {
		return send(request(path).DELETE());
	}

	/** A file as the API describes it after an upload with {@code purpose}; fails unless the upload worked. */
	public JsonNode uploaded(String filename, String contentType, byte[] content, String purpose) {
		Response response = upload("/v1/files", multipart().field("purpose", purpose).file("file", filename, contentType,
				content));
		if (response.status() != 200) {
			throw new AssertionError("upload failed: " + response.status() + " " + response.body());
		}
		return response.json();
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
		return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream in = response.body()) {
				return new Response(response.statusCode(), in.readAllBytes(), response.headers());
			}
		}
		catch (IOException | InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A new user with an API key, created by the admin. */
	static String newUserKey(HttpTestClient admin, String name) {
		var created = admin.post("/api/users", "{\"username\":\"" + name + "\",\"password\":\"password-" + name + "\"}");
		if (created.status() != 201) {
			throw new AssertionError(created.body());
		}
		var key = admin.post("/api/keys", "{\"name\":\"test\",\"user_id\":\"" + created.json().path("id").asString() + "\"}");
		if (key.status() != 201) {
			throw new AssertionError(key.body());
		}
		return key.json().path("key").asString();
	}

	static Map<String, String> headers(Response response) {
		Map<String, String> headers = new LinkedHashMap<>();
		response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
		return headers;
	}
}
