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
 */
@ConfigurationProperties("toolgate.approval")
public record ApprovalProperties(Duration timeout, String nonStreamingMode) {
}
