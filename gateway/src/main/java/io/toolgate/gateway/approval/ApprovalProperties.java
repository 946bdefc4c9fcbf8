package io.toolgate.gateway.approval;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Approval settings ({@code toolgate.approval}).
 *
 * @param timeout how long a call waits for a decision; then it counts as denied
 * @param nonStreamingMode how a non-streaming request waits by default: {@code return} (answer at once with
 * the pending approval; {@code POST /approve} returns the continued completion) or {@code wait} (hold the
 * request until the decision)
 * @param maxPendingPerUser most approvals one user may have pending at once; a turn that would open one more
 * is refused with 429
 */
@ConfigurationProperties("toolgate.approval")
public record ApprovalProperties(Duration timeout, String nonStreamingMode, Integer maxPendingPerUser) {

	public ApprovalProperties {
		timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
		nonStreamingMode = nonStreamingMode == null ? "return" : nonStreamingMode;
		maxPendingPerUser = maxPendingPerUser == null ? 20 : maxPendingPerUser;
		if (maxPendingPerUser < 1) {
			throw new IllegalArgumentException("toolgate.approval.max-pending-per-user must be at least 1");
		}
	}
}
