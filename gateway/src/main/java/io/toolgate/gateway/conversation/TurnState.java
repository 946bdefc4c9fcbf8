package io.toolgate.gateway.conversation;

import java.util.List;

import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.openai.wire.ToolCall;
import io.toolgate.gateway.openai.wire.Usage;

/**
 * Everything needed to continue a turn of the tool loop, persisted (as JSON) while an approval is pending so
 * that a restart loses nothing.
 *
 * @param request the client's request; its messages are the client's new messages
 * @param conversation all messages for the next model call (history, prompts, new and generated messages)
 * @param generated the messages the loop added: assistant tool calls and tool results
 * @param serverTools the server-side tools offered to the model
 * @param pendingCalls server calls of the current step that have not finished
 * @param results tool messages of the current step that have finished
 * @param clientCalls client tool calls to hand back once the server calls are done
 * @param waitingApprovalId the approval the turn waits for, if any
 */
public record TurnState(String id, String userId, String username, String apiKeyId, String sessionId, String profile,
		String upstreamModel, ChatCompletionRequest request, List<ChatMessage> conversation, List<ChatMessage> generated,
		List<String> serverTools, int step, int maxSteps, List<ToolCall> pendingCalls, List<ChatMessage> results,
		List<ToolCall> clientCalls, String waitingApprovalId, Usage usage, boolean renderToolActivity) {

	public TurnState {
		conversation = List.copyOf(conversation);
		generated = List.copyOf(generated);
		serverTools = List.copyOf(serverTools);
		pendingCalls = pendingCalls == null ? List.of() : List.copyOf(pendingCalls);
		results = results == null ? List.of() : List.copyOf(results);
		clientCalls = clientCalls == null ? List.of() : List.copyOf(clientCalls);
	}

	TurnState withStep(List<ChatMessage> conversation, List<ChatMessage> generated, int step, List<ToolCall> pendingCalls,
			List<ChatMessage> results, List<ToolCall> clientCalls, String waitingApprovalId, Usage usage) {
		return new TurnState(id, userId, username, apiKeyId, sessionId, profile, upstreamModel, request, conversation,
				generated, serverTools, step, maxSteps, pendingCalls, results, clientCalls, waitingApprovalId, usage,
				renderToolActivity);
	}
}
