package io.toolgate.gateway.upstream;

import java.time.Duration;

/**
 * How requests are spread over upstreams and what happens when one fails ({@code toolgate.routing}).
 *
 * @param maxAttempts attempts per request across all upstreams serving the model
 * @param backoff wait before retrying an upstream that was already tried (doubles each time)
 * @param connectTimeout TCP connect timeout
 * @param responseTimeout longest wait for the first byte of an answer (a whole non-streaming answer)
 * @param idleTimeout longest silence between two chunks of a stream
 * @param modelRefreshInterval how often upstream model lists are refreshed
 * @param discoveryTimeout timeout of one model-list call
 * @param circuitBreaker when to stop sending traffic to a failing upstream
 */
public record RoutingProperties(int maxAttempts, Duration backoff, Duration connectTimeout, Duration responseTimeout,
		Duration idleTimeout, Duration modelRefreshInterval, Duration discoveryTimeout,
		CircuitBreakerProperties circuitBreaker) {

	/**
	 * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
	 * @param minimumCalls calls needed before the rate is judged
	 * @param windowSize number of recent calls judged
	 * @param openDuration how long an open circuit rejects calls; then it turns half-open by itself
	 * @param halfOpenCalls real requests a half-open circuit lets through as probes; their failure rate closes
	 *        the circuit again or reopens it
	 */
	public record CircuitBreakerProperties(float failureRateThreshold, int minimumCalls, int windowSize,
			Duration openDuration, int halfOpenCalls) {

		public CircuitBreakerProperties {
			if (halfOpenCalls < 1) {
				throw new IllegalStateException("toolgate.routing.circuit-breaker.half-open-calls must be at least 1, was "
						+ halfOpenCalls);
			}
		}
	}
}
