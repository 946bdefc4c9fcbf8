package io.toolgate.gateway.conversation;

import java.util.List;

import io.toolgate.gateway.approval.Approval;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.openai.wire.ToolCall;
import io.toolgate.gateway.openai.wire.Usage;
import io.toolgate.gateway.tools.ToolArtifact;

/** What happens during a turn of the tool loop, in order; the API layer renders it as chunks or a completion. */
public sealed interface TurnEvent {

	/** Text from the model. */
	record Content(String text) implements TurnEvent {
	}

	/**
	 * A server-side tool call's progress: running, completed, failed, timeout or denied; a finished call also
	 * lists the files it produced (stored as the user's files).
	 */
	record ToolActivity(String id, String name, String arguments, String status, String result,
			List<ToolArtifact> artifacts) implements TurnEvent {

		public ToolActivity {
			artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
		}

		public ToolActivity(String id, String name, String arguments, String status, String result) {
			this(id, name, arguments, status, result, List.of());
		}
	}

	/** A call waits for a decision ({@code POST /approve}). */
	record ApprovalRequired(Approval approval) implements TurnEvent {
	}

	/** The turn stopped at a pending approval (a non-streaming request that does not wait); it is persisted. */
	record AwaitingApproval(Approval approval) implements TurnEvent {
	}

	/** Calls of the client's own tools, for the client to run. */
	record ClientToolCalls(List<ToolCall> calls) implements TurnEvent {
	}

	/** The turn's end: the finish reason and the tokens of all its model calls. */
	record Finished(String finishReason, Usage usage) implements TurnEvent {
	}

	/** Messages the loop added to the conversation (assistant tool calls and tool results), for session history. */
	record Generated(List<ChatMessage> messages) implements TurnEvent {
	}
}
