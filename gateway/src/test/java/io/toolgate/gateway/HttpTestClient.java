package io.toolgate.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real-HTTP client for black-box tests of the running gateway. */
public final class HttpTestClient {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final String baseUrl;

	private final String apiKey;

	/** A client that authenticates as the test admin. */
	public HttpTestClient(int port) {
		this(port, TestUpstreams.ADMIN_KEY);
	}

	/** A client with this bearer credential (an API key or a JWT), or none when null. */
	public HttpTestClient(int port, String apiKey) {
		this.baseUrl = "http://127.0.0.1:" + port;
		this.apiKey = apiKey;
	}

	public String apiKey() {
		return apiKey;
	}

	public HttpTestClient as(String otherKey) {
		return new HttpTestClient(Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1)), otherKey);
	}

	private HttpRequest.Builder authorized(HttpRequest.Builder request) {
		return apiKey == null ? request : request.header("Authorization", "Bearer " + apiKey);
	}

	public Response patch(String path, String body) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
	}

	public Response put(String path, String body) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Response delete(String path) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
	}

	public record Response(int status, String body, java.net.http.HttpHeaders headers) {

		public JsonNode json() {
			return JsonMapper.builder().build().readTree(body);
		}
	}

	/**
	 * A new user (created by this client, an admin) with an API key of its own, as a client; the name is
	 * {@code prefix} plus a unique suffix.
	 */
	public HttpTestClient newUser(String prefix) {
		String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
		String id = post("/api/users", "{\"username\":\"" + name + "\",\"password\":\"password-" + name + "\"}").json()
			.path("id").asString();
		return as(post("/api/keys", "{\"user_id\":\"" + id + "\"}").json().path("key").asString());
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
	}

	public Response post(String path, String body) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(authorized(request).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response.headers());
		}
		catch (IOException | InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A streamed answer: the raw SSE lines (blank lines dropped). */
	public record Stream(int status, String contentType, List<String> lines) {

		public List<String> dataLines() {
			return lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
		}

		public List<JsonNode> chunks() {
			JsonMapper json = JsonMapper.builder().build();
			return dataLines().stream().filter(d -> !d.equals("[DONE]")).map(json::readTree).toList();
		}
	}

	public Stream stream(String path, String body) {
		try {
			HttpResponse<java.util.stream.Stream<String>> response = http.send(
					authorized(HttpRequest.newBuilder(URI.create(baseUrl + path)))
						.header("Content-Type", "application/json")
						.timeout(Duration.ofSeconds(30))
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(),
					HttpResponse.BodyHandlers.ofLines());
			List<String> lines = new ArrayList<>();
			response.body().filter(l -> !l.isEmpty()).forEach(lines::add);
			return new Stream(response.statusCode(), response.headers().firstValue("content-type").orElse(""), lines);
		}
		catch (IOException | InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Opens a stream, reads until the first data line, then closes the connection (a client going away). */
	public String openStreamAndAbandon(String path, String body) {
		try {
			HttpResponse<InputStream> response = http.send(authorized(HttpRequest.newBuilder(URI.create(baseUrl + path)))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream in = response.body()) {
				StringBuilder first = new StringBuilder();
				int c;
				while ((c = in.read()) != -1 && c != '\n') {
					first.append((char) c);
				}
				return first.toString();
			}
		}
		catch (IOException | InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	public String json(Object value) {
		return json.writeValueAsString(value);
	}
}
