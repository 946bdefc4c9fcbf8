package io.toolgate.gateway.conversation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;

import io.toolgate.gateway.identity.ApiKeyCodec;
import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.tools.ToolRegistry;

/**
 * Decides whether a request goes through the tool loop (its model is an agent profile, or it names
 * server-side tools) and builds the turn's first state.
 */
@Component
public class ToolLoopPlanner {

	private final ToolRegistry registry;

	private final ConversationProperties properties;

	private final ApiKeyCodec codec = new ApiKeyCodec();

	public ToolLoopPlanner(ToolRegistry registry, ConversationProperties properties) {
		this.registry = registry;
		this.properties = properties;
	}

	public Optional<AgentProfile> profile(String model) {
		return Optional.ofNullable(properties.agents().get(model));
	}

	/** The names of the agent profiles, which appear as models. */
	public Set<String> profileNames() {
		return properties.agents().keySet();
	}

	/**
	 * The first state of a tool-loop turn, or empty when the request needs no loop.
	 * @param messages the conversation so far: a session's history and the request's new messages
	 */
	public Optional<TurnState> plan(CurrentUser user, String sessionId, ChatCompletionRequest request,
			List<ChatMessage> messages) {
		AgentProfile profile = properties.agents().get(request.model());
		Set<String> tools = new LinkedHashSet<>();
		if (profile != null) {
			tools.addAll(profile.tools());
		}
		List<String> requested = request.requestedServerTools();
		tools.addAll(requested);
		if (profile == null && tools.isEmpty()) {
			return Optional.empty();
		}
		for (String tool : tools) {
			if (registry.find(tool).isEmpty()) {
				String param = requested.contains(tool) ? "tools" : "model";
				throw OpenAiException.invalidRequest("There is no server-side tool named '" + tool
						+ "' (GET /api/plugins lists the tools this gateway has).", param, "unknown_tool");
			}
		}
		if (!tools.isEmpty() && request.choiceCount() > 1) {
			throw OpenAiException.invalidRequest("'n' must be 1 when server-side tools are used.", "n");
		}
		List<ChatMessage> conversation = new ArrayList<>();
		if (profile != null && profile.systemPrompt() != null && !profile.systemPrompt().isBlank()) {
			conversation.add(new ChatMessage("system", JsonNodeFactory.instance.stringNode(profile.systemPrompt()), null,
					null, null, null));
		}
		conversation.addAll(messages);
		int maxSteps = profile != null && profile.maxSteps() != null ? profile.maxSteps()
				: properties.conversation().maxSteps();
		return Optional.of(new TurnState(codec.newId("turn_"), user.id(), user.username(), user.apiKeyId(), sessionId,
				profile == null ? null : request.model(), profile == null ? request.model() : profile.model(), request,
				conversation, List.of(), List.copyOf(tools), 0, maxSteps, List.of(), List.of(), List.of(), null, null,
				profile != null && profile.renderToolActivity()));
	}
}
