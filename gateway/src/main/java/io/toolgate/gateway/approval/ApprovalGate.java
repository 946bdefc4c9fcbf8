package io.toolgate.gateway.approval;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.identity.ApiKeyCodec;
import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.OpenAiException;

/**
 * Holds tool calls for a decision. A request that waits registers here and is woken by the decision; the
 * database is polled as well, so a decision taken by another gateway instance (or recorded around a
 * restart) still reaches it. Only the owner or an admin may decide, once.
 */
@Component
public class ApprovalGate {

	private static final Duration POLL = Duration.ofSeconds(2);

	private final ApprovalRepository approvals;

	private final ApprovalProperties properties;

	private final Clock clock;

	private final ApiKeyCodec codec = new ApiKeyCodec();

	private final Map<String, Sinks.One<Decision>> waiters = new ConcurrentHashMap<>();

	private final io.toolgate.gateway.metrics.GatewayMetrics metrics;

	/** Completes when the gateway stops: every waiter then ends at once, its approval left pending. */
	private final Sinks.Empty<Void> closing = Sinks.empty();

	public ApprovalGate(ApprovalRepository approvals, ApprovalProperties properties, Clock clock,
			io.toolgate.gateway.metrics.GatewayMetrics metrics) {
		this.approvals = approvals;
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
	}

	/** A new pending approval for a call, bound to its owner, session, tool and exact arguments. */
	public Mono<Approval> open(String turnId, String userId, String sessionId, String tool, String toolCallId,
			String arguments) {
		long now = clock.millis();
		int cap = properties.maxPendingPerUser();
		return approvals.countPending(userId, now).flatMap(pending -> pending >= cap
				? Mono.error(tooManyPending(cap))
				: approvals.insert(new Approval(codec.newId("apr_"), turnId, userId, sessionId, tool, toolCallId, arguments,
				ApiKeyCodec.hash(arguments), Approval.PENDING, null, null, null,
				now + properties.timeout().toMillis(), now)))
			.doOnNext(opened -> metrics.approvalRequested(tool));
	}

	/** Waits for the decision; no decision before the expiry counts as a denial. */
	public Mono<Decision> await(Approval approval) {
		Sinks.One<Decision> sink = waiters.computeIfAbsent(approval.id(), id -> Sinks.one());
		long remaining = Math.max(0, approval.expiresAt() - clock.millis());
		Mono<Decision> polled = Flux.interval(POLL, POLL)
			.concatMap(tick -> approvals.findById(approval.id()))
			.filter(stored -> !Approval.PENDING.equals(stored.status()))
			.next()
			.map(ApprovalGate::decisionOf);
		Mono<Decision> stopping = closing.asMono().then(Mono.error(() -> new GatewayRestartingException(approval.id())));
		return Mono.firstWithSignal(Mono.firstWithValue(sink.asMono(), decided(approval.id()), polled)
				.timeout(Duration.ofMillis(remaining)), stopping)
			.onErrorResume(java.util.concurrent.TimeoutException.class,
					timeout -> approvals.expire(approval.id(), clock.millis())
						.doOnNext(expired -> {
							if (expired) {
								metrics.approvalEnded(approval.tool(), Approval.EXPIRED,
										java.time.Duration.ofMillis(clock.millis() - approval.createdAt()));
							}
						})
						.flatMap(expired -> expired ? Mono.just(Decision.expired())
								: approvals.findById(approval.id()).map(ApprovalGate::decisionOf)))
			.doFinally(signal -> waiters.remove(approval.id()));
	}

	/**
	 * Ends every wait at once with {@link GatewayRestartingException} (the gateway is stopping); the approvals
	 * stay pending, and their turns continue after the restart when they are decided.
	 */
	public void closeWaiters() {
		closing.tryEmitEmpty();
	}

	private static OpenAiException tooManyPending(int cap) {
		return new OpenAiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_exceeded", "You have " + cap
				+ " pending approvals, the most one user may have at once (toolgate.approval.max-pending-per-user);"
				+ " decide or let some expire (GET /v1/approvals?status=pending lists them), then try again.", null,
				"too_many_pending_approvals", Duration.ofSeconds(30));
	}

	/** A stored approval. */
	public Mono<Approval> find(String id) {
		return approvals.findById(id).switchIfEmpty(Mono.error(() -> notFound(id)));
	}

	/** The decision if it was already taken (between opening the approval and waiting for it). */
	private Mono<Decision> decided(String id) {
		return approvals.findById(id).filter(stored -> !Approval.PENDING.equals(stored.status())).map(ApprovalGate::decisionOf);
	}

	/** What a stored, decided approval means for the call. */
	public static Decision decisionOf(Approval approval) {
		return switch (approval.status()) {
			case Approval.APPROVED -> new Decision(true, approval.decidedBy(), approval.reason());
			case Approval.DENIED -> new Decision(false, approval.decidedBy(), approval.reason());
			default -> Decision.expired();
		};
	}

	/** The outcome of {@link #decide}: the updated approval, and whether a waiting request received it. */
	public record Decided(Approval approval, boolean delivered) {
	}

	/**
	 * Records a decision. Another user's approval answers 404 like a missing one; an expired or already decided
	 * one answers 409.
	 */
	public Mono<Decided> decide(String approvalId, CurrentUser by, boolean approve, String reason) {
		long now = clock.millis();
		return approvals.findById(approvalId)
			.filter(found -> by.mayAccess(found.userId()))
			.switchIfEmpty(Mono.error(() -> notFound(approvalId)))
			.flatMap(found -> {
				Approval current = found.asOf(now);
				if (!Approval.PENDING.equals(current.status())) {
					return Mono.error(conflict(current));
				}
				String status = approve ? Approval.APPROVED : Approval.DENIED;
				return approvals.decide(approvalId, status, by.username(), reason, now)
					.flatMap(won -> won ? approvals.findById(approvalId)
							: approvals.findById(approvalId).flatMap(again -> Mono.error(conflict(again.asOf(now)))));
			})
			.map(decided -> {
				metrics.approvalEnded(decided.tool(), decided.status(),
						java.time.Duration.ofMillis(now - decided.createdAt()));
				Sinks.One<Decision> waiter = waiters.remove(approvalId);
				boolean delivered = waiter != null
						&& waiter.tryEmitValue(decisionOf(decided)) == Sinks.EmitResult.OK;
				return new Decided(decided, delivered);
			});
	}

	static OpenAiException notFound(String id) {
		return new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error", "No approval '" + id + "'.",
				"request_id", "not_found", null);
	}

	private static OpenAiException conflict(Approval approval) {
		String message = Approval.EXPIRED.equals(approval.status())
				? "The approval '" + approval.id() + "' expired before a decision; the call counted as denied."
				: "The approval '" + approval.id() + "' was already " + approval.status()
						+ (approval.decidedBy() == null ? "" : " by " + approval.decidedBy()) + "; decisions are final.";
		return new OpenAiException(HttpStatus.CONFLICT, "invalid_request_error", message, "request_id",
				"approval_" + approval.status(), null);
	}
}
