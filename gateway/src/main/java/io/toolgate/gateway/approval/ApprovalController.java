package io.toolgate.gateway.approval;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.openai.RequestBodyReader;

/**
 * Deciding and listing approvals. {@code POST /approve} answers a waiting request's decision with the
 * decision (that request carries the continuation); for a turn no request waits for (a non-streaming
 * request that returned, or one lost in a restart) it continues the turn and answers with its completion.
 * Users see and decide only their own approvals (others answer 404); admins see and decide all.
 */
@RestController
public class ApprovalController {

	private final ApprovalGate gate;

	private final ApprovalRepository approvals;

	private final TurnResumption resumption;

	private final RequestBodyReader reader;

	private final Clock clock;

	public ApprovalController(ApprovalGate gate, ApprovalRepository approvals, TurnResumption resumption,
			RequestBodyReader reader, Clock clock) {
		this.gate = gate;
		this.approvals = approvals;
		this.resumption = resumption;
		this.reader = reader;
		this.clock = clock;
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record DecisionRequest(String requestId, Boolean approve, String reason) {
	}

	@PostMapping("/approve")
	public Mono<ResponseEntity<Object>> approve(@RequestBody(required = false) byte[] body,
			@AuthenticationPrincipal CurrentUser caller, ServerWebExchange exchange) {
		DecisionRequest request = reader.read(body, DecisionRequest.class);
		if (request.requestId() == null || request.requestId().isBlank()) {
			throw OpenAiException.invalidRequest("'request_id' (the approval's id) is required", "request_id");
		}
		if (request.approve() == null) {
			throw OpenAiException.invalidRequest("'approve' (true or false) is required", "approve");
		}
		if (request.reason() != null && request.reason().length() > 2000) {
			throw OpenAiException.invalidRequest("'reason' may have at most 2000 characters", "reason");
		}
		String approveUrl = approveUrl(exchange);
		return gate.decide(request.requestId(), caller, request.approve(), request.reason()).flatMap(decided -> {
			if (decided.delivered()) {
				return Mono.just(json(view(decided.approval())));
			}
			// Empty when a request on another instance waits on the turn (that instance continues it).
			return resumption.resume(decided.approval().turnId(), approveUrl)
				.map(ApprovalController::json)
				.switchIfEmpty(Mono.fromSupplier(() -> json(view(decided.approval()))));
		});
	}

	/** Where the caller can decide approvals: this server's {@code /approve}, as the caller reached it. */
	public static String approveUrl(ServerWebExchange exchange) {
		var uri = exchange.getRequest().getURI();
		return uri.getScheme() + "://" + uri.getRawAuthority() + "/approve";
	}

	private static ResponseEntity<Object> json(Object body) {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	@GetMapping("/v1/approvals")
	public Mono<Map<String, Object>> list(@AuthenticationPrincipal CurrentUser caller,
			@RequestParam(required = false) String status, @RequestParam(defaultValue = "100") int limit) {
		if (status != null && !List.of(Approval.PENDING, Approval.APPROVED, Approval.DENIED, Approval.EXPIRED).contains(status)) {
			throw OpenAiException.invalidRequest("'status' must be pending, approved, denied or expired", "status");
		}
		long now = clock.millis();
		// Expiry is evaluated on read, so a pending approval past its time lists as expired.
		String stored = Approval.EXPIRED.equals(status) ? null : status;
		return approvals.list(caller.admin() ? null : caller.id(), stored, Math.max(1, Math.min(limit, 1000)))
			.map(list -> list.stream()
				.map(approval -> approval.asOf(now))
				.filter(approval -> status == null || status.equals(approval.status()))
				.map(ApprovalController::view)
				.toList())
			.map(data -> Map.of("object", "list", "data", data));
	}

	@GetMapping("/v1/approvals/{id}")
	public Mono<ApprovalView> get(@PathVariable String id, @AuthenticationPrincipal CurrentUser caller) {
		return approvals.findById(id)
			.filter(approval -> caller.mayAccess(approval.userId()))
			.switchIfEmpty(Mono.error(() -> ApprovalGate.notFound(id)))
			.flatMap(approval -> approvals.turnOf(approval.turnId())
				.map(turn -> view(approval.asOf(clock.millis()), turn))
				.defaultIfEmpty(view(approval.asOf(clock.millis()))));
	}

	/** An approval as the API shows it. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record ApprovalView(String id, String object, String status, String tool, String arguments,
			String argumentsSha256, String sessionId, String userId, long createdAt, long expiresAt, String decidedBy,
			Long decidedAt, String reason, @JsonInclude(JsonInclude.Include.NON_NULL) String turnStatus,
			@JsonInclude(JsonInclude.Include.NON_NULL) String turnError) {
	}

	static ApprovalView view(Approval approval) {
		return view(approval, null);
	}

	/** With the state of its turn (GET of one approval): a client can read there why a turn failed. */
	static ApprovalView view(Approval approval, ApprovalRepository.TurnOutcome turn) {
		return new ApprovalView(approval.id(), "approval", approval.status(), approval.tool(), approval.arguments(),
				approval.argumentsSha256(), approval.sessionId(), approval.userId(), approval.createdAt() / 1000,
				approval.expiresAt() / 1000, approval.decidedBy(), approval.decidedAt() == null ? null : approval.decidedAt() / 1000,
				approval.reason(), turn == null ? null : turn.status(), turn == null ? null : turn.failure());
	}
}
