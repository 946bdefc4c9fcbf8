package io.toolgate.gateway.upstream;

/**
 * Whether the client retries failed requests on its own, as the official OpenAI SDKs do (twice by default, and
 * they say so with {@code X-Stainless-Retry-Count} on every request) and as any client that sends an
 * {@code Idempotency-Key} means to. The API layer puts it in the Reactor context; the router then only fails
 * over to upstreams not yet tried for the request, because retry rounds of its own would multiply with the
 * client's (3 SDK attempts × 3 gateway attempts = 9 upstream calls for one rate-limited request).
 *
 * @param retriesItself whether the client retries on its own
 * @param signal the header that said so, for logs (null when it does not)
 */
public record ClientRetries(boolean retriesItself, String signal) {

	/** A client that gave no sign of retrying: the gateway retries for it. */
	public static final ClientRetries UNKNOWN = new ClientRetries(false, null);
}
