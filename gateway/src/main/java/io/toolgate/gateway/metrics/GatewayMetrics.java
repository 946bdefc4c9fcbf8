package io.toolgate.gateway.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Every meter the gateway exports, named in one place (Prometheus names in brackets), and the methods
 * that record them. Label values are bounded: models and upstreams come from configuration or discovery,
 * users only when {@code toolgate.metrics.per-user-labels} is on.
 */
@Component
public class GatewayMetrics {

	/** [toolgate_requests_total] by endpoint, model, status, stream. */
	public static final String REQUESTS = "toolgate.requests";

	/** [toolgate_request_duration_seconds] end to end, by endpoint, model, stream. */
	public static final String REQUEST_DURATION = "toolgate.request.duration";

	/** [toolgate_requests_in_flight]. */
	public static final String REQUESTS_IN_FLIGHT = "toolgate.requests.in.flight";

	/** [toolgate_gateway_overhead_seconds] a request's time minus the time spent waiting for upstreams. */
	public static final String GATEWAY_OVERHEAD = "toolgate.gateway.overhead";

	/** [toolgate_time_to_first_token_seconds] for streams, by model. */
	public static final String TIME_TO_FIRST_TOKEN = "toolgate.time.to.first.token";

	/** [toolgate_tokens_total] by model, type (prompt, completion) and user. */
	public static final String TOKENS = "toolgate.tokens";

	/** [toolgate_upstream_calls_total] by upstream and outcome (success, failure). */
	public static final String UPSTREAM_CALLS = "toolgate.upstream.calls";

	/** [toolgate_upstream_duration_seconds] one attempt, by upstream and outcome. */
	public static final String UPSTREAM_DURATION = "toolgate.upstream.duration";

	/** [toolgate_upstream_retries_total] attempts repeated after a failure, by the upstream that failed. */
	public static final String UPSTREAM_RETRIES = "toolgate.upstream.retries";

	/** [toolgate_upstream_fallbacks_total] retries that moved to another upstream, by from and to. */
	public static final String UPSTREAM_FALLBACKS = "toolgate.upstream.fallbacks";

	/** [toolgate_upstream_in_flight] by upstream. */
	public static final String UPSTREAM_IN_FLIGHT = "toolgate.upstream.in.flight";

	/** [toolgate_tool_calls_total] by tool and outcome (completed, failed, timeout, denied). */
	public static final String TOOL_CALLS = "toolgate.tool.calls";

	/** [toolgate_tool_duration_seconds] by tool. */
	public static final String TOOL_DURATION = "toolgate.tool.duration";

	/** [toolgate_tool_calls_stuck_total] by tool: calls still running a grace time after their timeout interrupted them. */
	public static final String TOOL_CALLS_STUCK = "toolgate.tool.calls.stuck";

	/** [toolgate_tool_threads_stuck] tool threads still running a call that was cut loose (timed out or abandoned). */
	public static final String TOOL_THREADS_STUCK = "toolgate.tool.threads.stuck";

	/** [toolgate_approvals_total] by tool and event (requested, approved, denied, expired). */
	public static final String APPROVALS = "toolgate.approvals";

	/** [toolgate_approvals_pending] approvals waiting for a decision (this instance's view). */
	public static final String APPROVALS_PENDING = "toolgate.approvals.pending";

	/** [toolgate_approval_decision_time_seconds] from request to decision, by tool. */
	public static final String APPROVAL_DECISION_TIME = "toolgate.approval.decision.time";

	/** [toolgate_plugins] plugin jars by state (started, failed, stopped). */
	public static final String PLUGINS = "toolgate.plugins";

	/** [toolgate_sandbox_containers] sandbox containers running. */
	public static final String SANDBOX_CONTAINERS = "toolgate.sandbox.containers";

	/** [toolgate_sandbox_exec_duration_seconds] sandboxed commands, by outcome (ok, error, timeout, failed). */
	public static final String SANDBOX_EXEC = "toolgate.sandbox.exec.duration";

	/** [toolgate_sandbox_start_duration_seconds] container starts, by kind (created, restarted). */
	public static final String SANDBOX_START = "toolgate.sandbox.start.duration";

	/** Turns taken over from an instance that stopped holding them, by outcome (failed, released, resumed). */
	public static final String TURNS_RECOVERED = "toolgate.turns.recovered";

	/** [toolgate_limit_refusals_total] requests refused by an operator limit, by scope (key, user, model) and limit (requests, tokens, budget). */
	public static final String LIMIT_REFUSALS = "toolgate.limit.refusals";

	private final MeterRegistry registry;

	private final MetricsProperties properties;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger pendingApprovals = new AtomicInteger();

	public GatewayMetrics(MeterRegistry registry, MetricsProperties properties) {
		this.registry = registry;
		this.properties = properties;
		Gauge.builder(REQUESTS_IN_FLIGHT, inFlight, AtomicInteger::get).register(registry);
		Gauge.builder(APPROVALS_PENDING, pendingApprovals, AtomicInteger::get).register(registry);
	}

	public AtomicInteger requestsInFlight() {
		return inFlight;
	}

	public void request(String endpoint, String model, int status, boolean stream, Duration duration, Duration upstream) {
		String streaming = Boolean.toString(stream);
		Counter.builder(REQUESTS).tags("endpoint", endpoint, "model", model, "status", Integer.toString(status), "stream",
				streaming).register(registry).increment();
		timer(REQUEST_DURATION, "endpoint", endpoint, "model", model, "stream", streaming).record(duration);
		if (!upstream.isZero()) {
			timer(GATEWAY_OVERHEAD, "endpoint", endpoint, "stream", streaming)
				.record(duration.minus(upstream).isNegative() ? Duration.ZERO : duration.minus(upstream));
		}
	}

	public void timeToFirstToken(String model, Duration duration) {
		timer(TIME_TO_FIRST_TOKEN, "model", model).record(duration);
	}

	public void tokens(String model, String user, int prompt, int completion) {
		String who = properties.perUserLabels() ? user : "all";
		Counter.builder(TOKENS).tags("model", model, "type", "prompt", "user", who).register(registry).increment(prompt);
		Counter.builder(TOKENS).tags("model", model, "type", "completion", "user", who).register(registry).increment(completion);
	}

	public void upstreamCall(String upstream, boolean success, Duration duration) {
		String outcome = success ? "success" : "failure";
		Counter.builder(UPSTREAM_CALLS).tags("upstream", upstream, "outcome", outcome).register(registry).increment();
		timer(UPSTREAM_DURATION, "upstream", upstream, "outcome", outcome).record(duration);
	}

	public void retry(String failed, String next) {
		Counter.builder(UPSTREAM_RETRIES).tags("upstream", failed).register(registry).increment();
		if (!failed.equals(next)) {
			Counter.builder(UPSTREAM_FALLBACKS).tags("from", failed, "to", next).register(registry).increment();
		}
	}

	public void upstreamInFlight(String upstream, Supplier<Number> value) {
		Gauge.builder(UPSTREAM_IN_FLIGHT, value).tags("upstream", upstream).register(registry);
	}

	public void toolCall(String tool, String outcome, Duration duration) {
		Counter.builder(TOOL_CALLS).tags("tool", tool, "outcome", outcome).register(registry).increment();
		timer(TOOL_DURATION, "tool", tool).record(duration);
	}

	public void toolCallStuck(String tool) {
		Counter.builder(TOOL_CALLS_STUCK).tags("tool", tool).register(registry).increment();
	}

	public void toolThreadsStuck(Supplier<Number> stuck) {
		Gauge.builder(TOOL_THREADS_STUCK, stuck).register(registry);
	}

	public void approvalRequested(String tool) {
		pendingApprovals.incrementAndGet();
		Counter.builder(APPROVALS).tags("tool", tool, "event", "requested").register(registry).increment();
	}

	/** A pending approval ended: approved, denied or expired, after {@code waited}. */
	public void approvalEnded(String tool, String event, Duration waited) {
		pendingApprovals.updateAndGet(n -> Math.max(0, n - 1));
		Counter.builder(APPROVALS).tags("tool", tool, "event", event).register(registry).increment();
		timer(APPROVAL_DECISION_TIME, "tool", tool).record(waited);
	}

	public void turnRecovered(String outcome) {
		Counter.builder(TURNS_RECOVERED).tags("outcome", outcome).register(registry).increment();
	}

	public void plugins(String state, Supplier<Number> count) {
		Gauge.builder(PLUGINS, count).tags("state", state).register(registry);
	}

	public void sandboxContainers(Supplier<Number> running) {
		Gauge.builder(SANDBOX_CONTAINERS, running).register(registry);
	}

	public void sandboxExec(String outcome, Duration duration) {
		timer(SANDBOX_EXEC, "outcome", outcome).record(duration);
	}

	public void sandboxStart(String kind, Duration duration) {
		timer(SANDBOX_START, "kind", kind).record(duration);
	}

	/** The refusals counter of one scope and limit (registered on first call, so all series can exist at 0). */
	public Counter limitRefusals(String scope, String limit) {
		return Counter.builder(LIMIT_REFUSALS).tags("scope", scope, "limit", limit).register(registry);
	}

	private Timer timer(String name, String... tags) {
		return Timer.builder(name).tags(tags).publishPercentileHistogram().register(registry);
	}
}
