package io.toolgate.gateway.openai;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.toolgate.gateway.approval.Approval;
import io.toolgate.gateway.conversation.TurnEvent;
import io.toolgate.gateway.openai.wire.ChatCompletion;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk.ChunkChoice;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk.Delta;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk.FunctionDelta;
import io.toolgate.gateway.openai.wire.ChatCompletionChunk.ToolCallDelta;
import io.toolgate.gateway.openai.wire.ToolCall;
import io.toolgate.gateway.openai.wire.Usage;
import io.toolgate.gateway.tools.ToolArtifact;

/**
 * Renders a tool-loop turn in OpenAI's shapes. Tool activity and approval requests travel in the
 * {@code toolgate} extension field of chunks whose only choice has an empty delta, which standard clients
 * ignore; a profile may also render them into the content for chat UIs that show only content.
 */
@Component
public class TurnRenderer {

	private static final int RESULT_PREVIEW = 500;

	private final JsonMapper json;

	public TurnRenderer(JsonMapper json) {
		this.json = json;
	}

	/** Where and how a turn is rendered. */
	public record Target(String model, String id, long created, String approveUrl, boolean renderActivity) {
	}

	public Flux<ChatCompletionChunk> chunks(Flux<TurnEvent> events, Target target) {
		ChatCompletionChunk role = chunk(target, new Delta("assistant", "", null, null), null);
		return Flux.just(role).concatWith(events.concatMapIterable(event -> render(event, target)));
	}

	private List<ChatCompletionChunk> render(TurnEvent event, Target target) {
		List<ChatCompletionChunk> out = new ArrayList<>();
		if (event instanceof TurnEvent.Content content) {
			out.add(chunk(target, new Delta(null, content.text(), null, null), null));
		}
		else if (event instanceof TurnEvent.ToolActivity activity) {
			out.add(extension(target, activity(activity)));
			if (target.renderActivity()) {
				out.add(chunk(target, new Delta(null, describe(activity), null, null), null));
			}
		}
		else if (event instanceof TurnEvent.ApprovalRequired required) {
			out.add(extension(target, approvalRequired(required.approval(), target.approveUrl())));
			if (target.renderActivity()) {
				out.add(chunk(target, new Delta(null, "\n\n> Waiting for approval to run `" + required.approval().tool()
						+ "` (request_id " + required.approval().id() + ")\n\n", null, null), null));
			}
		}
		else if (event instanceof TurnEvent.ClientToolCalls calls) {
			for (int i = 0; i < calls.calls().size(); i++) {
				ToolCall call = calls.calls().get(i);
				out.add(chunk(target, new Delta(null, null, null, List.of(new ToolCallDelta(i, call.id(), "function",
						new FunctionDelta(call.function().name(), "")))), null));
				out.add(chunk(target, new Delta(null, null, null, List.of(new ToolCallDelta(i, null, null,
						new FunctionDelta(null, call.function().arguments())))), null));
			}
		}
		else if (event instanceof TurnEvent.Finished finished) {
			out.add(chunk(target, Delta.EMPTY, finished.finishReason()));
			out.add(new ChatCompletionChunk(target.id(), ChatCompletionChunk.OBJECT, target.created(), target.model(), null,
					List.of(), finished.usage() == null ? Usage.of(0, 0) : finished.usage(), null));
		}
		// AwaitingApproval (a streaming turn waits instead) and Generated (session history) render nothing.
		return out;
	}

	public Mono<ChatCompletion> completion(Flux<TurnEvent> events, Target target) {
		StringBuilder text = new StringBuilder();
		List<ToolCall> clientCalls = new ArrayList<>();
		Approval[] awaiting = new Approval[1];
		String[] finish = new String[1];
		Usage[] usage = new Usage[1];
		List<JsonNode> activity = new ArrayList<>();
		List<JsonNode> artifacts = new ArrayList<>();
		return events.doOnNext(event -> {
			if (event instanceof TurnEvent.Content content) {
				text.append(content.text());
			}
			else if (event instanceof TurnEvent.ClientToolCalls calls) {
				clientCalls.addAll(calls.calls());
			}
			else if (event instanceof TurnEvent.Finished finished) {
				finish[0] = finished.finishReason();
				usage[0] = finished.usage();
			}
			else if (event instanceof TurnEvent.AwaitingApproval pending) {
				awaiting[0] = pending.approval();
			}
			else if (event instanceof TurnEvent.ToolActivity tool && !"running".equals(tool.status())) {
				activity.add(activity(tool));
				tool.artifacts().forEach(artifact -> artifacts.add(artifact(artifact)));
			}
		}).then(Mono.fromSupplier(() -> {
			if (awaiting[0] != null) {
				Approval approval = awaiting[0];
				String waiting = (text.isEmpty() ? "" : text + "\n\n") + "Waiting for approval to run the tool '"
						+ approval.tool() + "'. Approve or deny with POST /approve {\"request_id\": \"" + approval.id()
						+ "\", \"approve\": true|false}; the answer continues this completion.";
				ObjectNode extension = approvalRequired(approval, target.approveUrl());
				extension.set("tool_activity", json.valueToTree(activity));
				if (!artifacts.isEmpty()) {
					extension.set("artifacts", json.valueToTree(artifacts));
				}
				return new ChatCompletion(target.id(), ChatCompletion.OBJECT, target.created(), target.model(),
						List.of(new ChatCompletion.Choice(0, new ChatCompletion.ResponseMessage("assistant", waiting, null, null),
								null, "stop")),
						usage[0], null, null, true, approval.id(), approval.tool(), extension);
			}
			String content = clientCalls.isEmpty() || !text.isEmpty() ? text.toString() : null;
			ObjectNode extension = null;
			if (!activity.isEmpty()) {
				extension = json.createObjectNode().put("type", "tool_activity");
				extension.set("tool_calls", json.valueToTree(activity));
				if (!artifacts.isEmpty()) {
					extension.set("artifacts", json.valueToTree(artifacts));
				}
			}
			return new ChatCompletion(target.id(), ChatCompletion.OBJECT, target.created(), target.model(),
					List.of(new ChatCompletion.Choice(0,
							new ChatCompletion.ResponseMessage("assistant", content, null, clientCalls.isEmpty() ? null : clientCalls),
							null, finish[0] == null ? "stop" : CompletionMapper.finishReason(finish[0], !clientCalls.isEmpty()))),
					usage[0], null, null, null, null, null, extension);
		}));
	}

	private ObjectNode activity(TurnEvent.ToolActivity activity) {
		ObjectNode node = json.createObjectNode()
			.put("type", "tool_call")
			.put("id", activity.id())
			.put("name", activity.name())
			.put("arguments", activity.arguments())
			.put("status", activity.status());
		if (activity.result() != null) {
			String result = activity.result();
			node.put("result", result.length() > RESULT_PREVIEW ? result.substring(0, RESULT_PREVIEW) + "..." : result);
		}
		if (!activity.artifacts().isEmpty()) {
			node.set("artifacts", json.valueToTree(activity.artifacts().stream().map(this::artifact).toList()));
		}
		return node;
	}

	/** A file a tool produced, as clients see it: {@code url} is the download path on this gateway. */
	private ObjectNode artifact(ToolArtifact artifact) {
		return json.createObjectNode()
			.put("file_id", artifact.fileId())
			.put("filename", artifact.filename())
			.put("bytes", artifact.bytes())
			.put("media_type", artifact.mediaType())
			.put("url", artifact.url());
	}

	private ObjectNode approvalRequired(Approval approval, String approveUrl) {
		ObjectNode node = json.createObjectNode().put("type", "approval_required");
		node.putObject("approval")
			.put("id", approval.id())
			.put("tool", approval.tool())
			.put("arguments", approval.arguments())
			.put("approve_url", approveUrl)
			.put("expires_at", approval.expiresAt() / 1000);
		return node;
	}

	private static String describe(TurnEvent.ToolActivity activity) {
		return switch (activity.status()) {
			case "running" -> "\n\n> Running `" + activity.name() + "` " + activity.arguments() + "\n";
			case "completed" -> "> `" + activity.name() + "` done" + files(activity) + "\n\n";
			default -> "> `" + activity.name() + "` " + activity.status() + ": " + activity.result() + "\n\n";
		};
	}

	private static String files(TurnEvent.ToolActivity activity) {
		StringBuilder text = new StringBuilder();
		for (ToolArtifact artifact : activity.artifacts()) {
			text.append("\n> file: [").append(artifact.filename()).append("](").append(artifact.url()).append(')');
		}
		return text.toString();
	}

	private ChatCompletionChunk extension(Target target, JsonNode toolgate) {
		return new ChatCompletionChunk(target.id(), ChatCompletionChunk.OBJECT, target.created(), target.model(), null,
				List.of(new ChunkChoice(0, Delta.EMPTY, null, null)), null, toolgate);
	}

	private ChatCompletionChunk chunk(Target target, Delta delta, String finishReason) {
		return new ChatCompletionChunk(target.id(), ChatCompletionChunk.OBJECT, target.created(), target.model(), null,
				List.of(new ChunkChoice(0, delta, null, finishReason)), null, null);
	}
}
