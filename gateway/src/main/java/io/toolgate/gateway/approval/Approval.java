package io.toolgate.gateway.approval;

/**
 * A tool call held for a decision. It binds the owner, the session, the tool, the exact arguments (and
 * their SHA-256) and an expiry; once decided, the decision is final.
 */
public record Approval(String id, String turnId, String userId, String sessionId, String tool, String toolCallId,
		String arguments, String argumentsSha256, String status, String reason, String decidedBy, Long decidedAt,
		long expiresAt, long createdAt) {

	public static final String PENDING = "pending";

	public static final String APPROVED = "approved";

	public static final String DENIED = "denied";

	public static final String EXPIRED = "expired";

	/** The status as of {@code now}: a pending approval past its expiry reads as expired. */
	public Approval asOf(long now) {
		if (PENDING.equals(status) && now >= expiresAt) {
			return new Approval(id, turnId, userId, sessionId, tool, toolCallId, arguments, argumentsSha256, EXPIRED,
					"no decision in time", null, null, expiresAt, createdAt);
		}
		return this;
	}
}
