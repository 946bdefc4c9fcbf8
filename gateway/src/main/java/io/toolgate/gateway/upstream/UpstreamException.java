package io.toolgate.gateway.upstream;

import java.time.Duration;

/**
 * A failed call to one upstream, classified so that the router knows whether another upstream may help
 * and the API layer knows which status to answer.
 */
public class UpstreamException extends RuntimeException {

	/** What went wrong. */
	public enum Kind {
		/** Could not connect, or the connection broke. */
		UNREACHABLE,
		/** No answer in time. */
		TIMEOUT,
		/** The upstream answered with an HTTP error status. */
		STATUS,
		/** The circuit breaker is open: the upstream failed too often recently. */
		CIRCUIT_OPEN,
		/** The upstream answered something the gateway could not understand. */
		PROTOCOL,
		/**
		 * The upstream works but cannot serve this model (e.g. an in-process model whose file is missing). Not
		 * retried, and not held against the upstream's circuit breaker: its other models are fine.
		 */
		MODEL_UNAVAILABLE
	}

	private final String upstream;

	private final Kind kind;

	private final int status;

	private final Duration retryAfter;

	public UpstreamException(String upstream, Kind kind, int status, String message, Duration retryAfter,
			Throwable cause) {
		super(message, cause);
		this.upstream = upstream;
		this.kind = kind;
		this.status = status;
		this.retryAfter = retryAfter;
	}

	public String upstream() {
		return upstream;
	}

	public Kind kind() {
		return kind;
	}

	/** The upstream's HTTP status for {@link Kind#STATUS}, otherwise 0. */
	public int status() {
		return status;
	}

	public Duration retryAfter() {
		return retryAfter;
	}

	/** Whether another attempt (on another upstream, or later) may succeed. */
	public boolean retryable() {
		return switch (kind) {
			case UNREACHABLE, TIMEOUT, CIRCUIT_OPEN -> true;
			case STATUS -> status >= 500 || status == 429 || status == 404 || status == 408;
			case PROTOCOL, MODEL_UNAVAILABLE -> false;
		};
	}

	/** Whether this failure says the upstream is unhealthy (counts against its circuit breaker). */
	public boolean unhealthy() {
		return kind == Kind.UNREACHABLE || kind == Kind.TIMEOUT || (kind == Kind.STATUS && status >= 500);
	}
}
