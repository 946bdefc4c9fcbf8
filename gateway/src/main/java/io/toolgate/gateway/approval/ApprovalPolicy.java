package io.toolgate.gateway.approval;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.toolgate.gateway.tools.RegisteredTool;
import io.toolgate.gateway.tools.ToolProperties;
import io.toolgate.plugin.api.ApprovalMode;

/**
 * Decides whether a call must wait for approval. Most specific wins: the agent profile's rule, then the
 * tool's configuration, then the plugin's default. Argument rules ({@code allow}) of the winning level let
 * matching calls through. Clients cannot relax approval per request: they are the party being gated.
 */
@Component
public class ApprovalPolicy {

	private final ToolProperties tools;

	public ApprovalPolicy(ToolProperties tools) {
		this.tools = tools;
	}

	public boolean needsApproval(RegisteredTool tool, Map<String, Object> arguments, ApprovalRule profileRule) {
		ApprovalRule configured = tools.settings(tool.name()).approval();
		ApprovalRule winning = profileRule != null && profileRule.mode() != null ? profileRule
				: configured != null && configured.mode() != null ? configured : null;
		ApprovalMode mode = winning != null ? winning.mode() : tool.spec().defaultApproval();
		if (mode == ApprovalMode.NEVER) {
			return false;
		}
		ApprovalRule rules = winning != null ? winning : configured;
		return rules == null || !rules.allows(arguments);
	}
}
