package io.toolgate.plugins.websearch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.json.JSONException;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * The HTTP side the providers share: sends a request within the search timeout and turns transport failures
 * and answers that are not JSON into {@link SearchFailure}s that say what happened and what to check.
 */
final class SearchHttp {

	private final HttpClient client;

	SearchHttp(HttpClient client) {
		this.client = client;
	}

	/** A client for the searches of one tool instance (HTTP/1.1: search services and proxies speak it everywhere). */
	static HttpClient newClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
	}

	HttpResponse<String> send(String service, String url, HttpRequest request, Duration timeout)
			throws SearchFailure, InterruptedException {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpConnectTimeoutException e) {
			throw new SearchFailure(service + " at " + url + " could not be reached: the connection timed out.", e);
		}
		catch (HttpTimeoutException e) {
			throw new SearchFailure(service + " did not answer within " + seconds(timeout) + "; try again later or with a "
					+ "simpler query.", e);
		}
		catch (ConnectException e) {
			throw new SearchFailure(service + " at " + url + " could not be reached (connection refused or no route); "
					+ "the operator should check its base-url and that it is running.", e);
		}
		catch (IOException | IllegalArgumentException e) {
			throw new SearchFailure(service + " at " + url + " could not be reached: " + describe(e) + ".", e);
		}
	}

	/**
	 * The body as a JSON object.
	 * @throws SearchFailure when it is not JSON (e.g. an HTML page from a wrong base URL or a proxy)
	 */
	static JSONObject jsonObject(String service, HttpResponse<String> response) throws SearchFailure {
		String body = response.body() == null ? "" : response.body();
		String contentType = response.headers().firstValue("Content-Type").orElse("none");
		try {
			Object value = new JSONTokener(body).nextValue();
			if (value instanceof JSONObject object) {
				return object;
			}
		}
		catch (JSONException e) {
			// reported below
		}
		throw new SearchFailure(service + " answered HTTP " + response.statusCode() + " with something that is not a JSON "
				+ "object (Content-Type " + contentType + ", starting '" + excerpt(body, 80) + "'); the operator should check "
				+ "the base-url.");
	}

	/** The error detail of a failed answer: a JSON error field if there is one, otherwise the start of the body. */
	static String detail(HttpResponse<String> response) {
		String body = response.body() == null ? "" : response.body();
		try {
			Object value = new JSONTokener(body).nextValue();
			if (value instanceof JSONObject object) {
				Object detail = object.opt("detail");
				if (detail instanceof JSONObject inner && inner.opt("error") instanceof String text) {
					return text;
				}
				if (detail instanceof String text) {
					return text;
				}
				if (object.opt("error") instanceof String text) {
					return text;
				}
			}
		}
		catch (JSONException e) {
			// not JSON: the body's start says enough
		}
		return excerpt(body.replaceAll("<[^>]*>", " "), 160);
	}

	/** The first characters of a text on one line. */
	static String excerpt(String text, int max) {
		String line = text.replaceAll("\\s+", " ").strip();
		return line.length() <= max ? line : line.substring(0, max) + "...";
	}

	static String seconds(Duration timeout) {
		return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
	}

	private static String describe(Exception e) {
		return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
				: e.getClass().getSimpleName() + ": " + e.getMessage();
	}
}
