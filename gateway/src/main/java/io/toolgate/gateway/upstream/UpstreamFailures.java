package io.toolgate.gateway.upstream;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/** Turns whatever a client library threw into an {@link UpstreamException} that says what happened. */
public final class UpstreamFailures {

	private final JsonMapper json;

	public UpstreamFailures(JsonMapper json) {
		this.json = json;
	}

	public UpstreamException classify(String upstream, String baseUrl, Throwable error) {
		if (error instanceof UpstreamException known) {
			return known;
		}
		if (error instanceof WebClientResponseException response && response.getStatusCode().is2xxSuccessful()) {
			// The answer began (2xx) but its body broke off: a connection lost mid-answer, not an HTTP error.
			boolean connectionLost = hasCause(error, PrematureCloseException.class) || hasCause(error, java.io.IOException.class);
			return new UpstreamException(upstream, connectionLost ? UpstreamException.Kind.UNREACHABLE
					: UpstreamException.Kind.PROTOCOL, 0, "upstream '" + upstream + "' at " + baseUrl
							+ (connectionLost ? " closed the connection in the middle of its answer" : " sent an unreadable answer")
							+ " (" + rootMessage(error) + ")", null, error);
		}
		if (error instanceof WebClientResponseException response) {
			int status = response.getStatusCode().value();
			String detail = upstreamMessage(response.getResponseBodyAsString());
			return new UpstreamException(upstream, UpstreamException.Kind.STATUS, status,
					"upstream '" + upstream + "' answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail),
					retryAfter(response), error);
		}
		if (hasCause(error, TimeoutException.class) || hasCause(error, ReadTimeoutException.class)
				|| hasCause(error, ConnectTimeoutException.class)) {
			return new UpstreamException(upstream, UpstreamException.Kind.TIMEOUT, 0,
					"upstream '" + upstream + "' at " + baseUrl + " did not answer in time", null, error);
		}
		if (error instanceof WebClientRequestException || hasCause(error, ConnectException.class)
				|| hasCause(error, PrematureCloseException.class) || hasCause(error, java.io.IOException.class)) {
			return new UpstreamException(upstream, UpstreamException.Kind.UNREACHABLE, 0,
					"upstream '" + upstream + "' at " + baseUrl + " is unreachable or closed the connection ("
							+ rootMessage(error) + "); check that it is running",
					null, error);
		}
		return new UpstreamException(upstream, UpstreamException.Kind.PROTOCOL, 0,
				"upstream '" + upstream + "' gave an answer the gateway could not use: " + rootMessage(error), null,
				error);
	}

	/** The human part of an upstream error body: OpenAI's error.message, Ollama's error, or the raw text. */
	String upstreamMessage(String body) {
		if (body == null || body.isBlank()) {
			return "";
		}
		try {
			JsonNode node = json.readTree(body);
			JsonNode error = node.path("error");
			if (error.isString()) {
				return error.asString();
			}
			if (error.path("message").isString()) {
				return error.path("message").asString();
			}
		}
		catch (RuntimeException notJson) {
			// fall through to the raw text
		}
		return body.length() > 300 ? body.substring(0, 300) + "..." : body;
	}

	private static Duration retryAfter(WebClientResponseException response) {
		String value = response.getHeaders().getFirst("Retry-After");
		if (value == null) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException httpDate) {
			// RFC 9110 also allows an HTTP date.
			try {
				java.time.ZonedDateTime until = java.time.ZonedDateTime.parse(value.trim(),
						java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration left = Duration.between(java.time.Instant.now(), until.toInstant());
				return left.isNegative() ? Duration.ZERO : left;
			}
			catch (java.time.format.DateTimeParseException unreadable) {
				return null;
			}
		}
	}

	private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return message == null ? root.getClass().getSimpleName() : message;
	}
}
