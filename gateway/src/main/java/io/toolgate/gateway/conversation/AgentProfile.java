package io.toolgate.gateway.conversation;

import java.util.List;
import java.util.Map;

import io.toolgate.gateway.approval.ApprovalRule;

/**
 * An agent profile ({@code toolgate.agents.<name>}): a model name clients can pick in {@code /v1/models} that
 * stands for an upstream model plus server-side tools, a system prompt and approval rules.
 *
 * @param model the model id the profile routes to
 * @param description shown nowhere yet; for operators
 * @param tools server-side tools the model may call
 * @param systemPrompt put before the conversation (after any system message of the client)
 * @param maxSteps most model calls with tool calls in one turn (then the model answers without tools)
 * @param renderToolActivity also write tool activity into the content, for chat UIs that show only content
 * @param approval approval rules per tool, the most specific level
 */
public record AgentProfile(String model, String description, List<String> tools, String systemPrompt, Integer maxSteps,
		boolean renderToolActivity, Map<String, ApprovalRule> approval) {

	public AgentProfile {
		tools = tools == null ? List.of() : List.copyOf(tools);
		approval = approval == null ? Map.of() : Map.copyOf(approval);
	}
}
