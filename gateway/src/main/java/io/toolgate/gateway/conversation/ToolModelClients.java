package io.toolgate.gateway.conversation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.toolgate.gateway.metrics.GatewayMetrics;
import io.toolgate.gateway.openai.ChatRequestValidator;
import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.openai.wire.Usage;
import io.toolgate.gateway.tools.HostServices;
import io.toolgate.gateway.tools.ToolCaller;
import io.toolgate.gateway.upstream.ChatCaller;
import io.toolgate.gateway.upstream.UpstreamException;
import io.toolgate.gateway.upstream.UpstreamsProperties;
import io.toolgate.plugin.api.ModelClient;

/**
 * The model-client host service: a tool asks a model the gateway serves for one completion, for the calling user.
 * It goes through the same routing as chat requests (catalog, failover, circuit breakers, timeouts) and its
 * tokens are metered and stored as usage like a chat turn's.
 *
 * <p>It lives here, beside the tool loop and turn recording, because it is a model call made inside a turn: it
 * needs the upstream package's {@link ChatCaller} and this package's usage records, and only this package may use
 * both without a dependency cycle (upstream must not know conversations; conversations already use tools).
 *
 * <p>Tool calls run on the tool workers, never an event loop, so the client blocks there until the answer or
 * its timeout; Reactor refuses to block on a non-blocking thread, which keeps an accidental caller honest.
 */
@Component
public class ToolModelClients implements HostServices.ModelClientProvider {

	/** Request fields a tool may not set: the conversation and its tools are the client's own business. */
	private static final Set<String> RESERVED = Set.of("model", "messages", "stream", "stream_options", "tools",
			"tool_choice", "parallel_tool_calls", "n", "functions", "function_call");

	private final ChatCaller models;

	private final ChatRequestValidator validator;

	private final SessionRepository sessions;

	private final GatewayMetrics metrics;

	private final JsonMapper json;

	private final Clock clock;

	private final Duration timeout;

	public ToolModelClients(ChatCaller models, ChatRequestValidator validator, SessionRepository sessions,
			GatewayMetrics metrics, JsonMapper json, Clock clock, UpstreamsProperties upstreams) {
		this.models = models;
		this.validator = validator;
		this.sessions = sessions;
		this.metrics = metrics;
		this.json = json;
		this.clock = clock;
		// Every attempt the router may make, each within the response timeout, plus room for its backoff.
		var routing = upstreams.routing();
		this.timeout = routing.responseTimeout().multipliedBy(Math.max(1, routing.maxAttempts()))
			.plus(routing.backoff().multipliedBy(Math.max(1, routing.maxAttempts())))
			.plusSeconds(5);
	}

	@Override
	public ModelClient modelFor(ToolCaller caller) {
		return (model, systemPrompt, userPrompt, options) -> complete(caller, model, systemPrompt, userPrompt, options);
	}

	private String complete(ToolCaller caller, String requestedModel, String systemPrompt, String userPrompt,
			Map<String, Object> options) {
		String model = requestedModel != null && !requestedModel.isBlank() ? requestedModel.strip() : caller.model();
		if (model == null) {
			throw new IllegalArgumentException("no model: this tool call has no model of its own, so name one");
		}
		if (userPrompt == null || userPrompt.isBlank()) {
			throw new IllegalArgumentException("the user prompt must not be empty");
		}
		ChatCompletionRequest request = request(model, systemPrompt, userPrompt, options);
		ChatResponse response;
		try {
			response = models.call(request).block(timeout);
		}
		catch (ChatCaller.UnknownModelException e) {
			throw new IllegalArgumentException("unknown model '" + e.model() + "': no upstream serves it", e);
		}
		catch (UpstreamException e) {
			throw new IllegalStateException("the model '" + model + "' could not answer: " + e.getMessage(), e);
		}
		if (response == null) {
			throw new IllegalStateException("the model '" + model + "' gave no answer within " + timeout.toSeconds() + " s");
		}
		Usage usage = usage(response);
		if (usage != null) {
			metrics.tokens(model, caller.username(), usage.promptTokens(), usage.completionTokens());
		}
		sessions.recordUsage(caller.userId(), null, model, caller.sessionId(), usage, clock.millis()).block(timeout);
		String text = response.getResult() == null || response.getResult().getOutput() == null ? null
				: response.getResult().getOutput().getText();
		return text == null ? "" : text;
	}

	private ChatCompletionRequest request(String model, String systemPrompt, String userPrompt,
			Map<String, Object> options) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		if (options != null) {
			options.forEach((key, value) -> {
				if (!RESERVED.contains(key) && !ChatCompletionRequest.GATEWAY_FIELDS.contains(key)) {
					body.set(key, json.valueToTree(value));
				}
			});
		}
		body.put("model", model);
		ChatCompletionRequest parsed;
		try {
			parsed = json.treeToValue(body, ChatCompletionRequest.class);
		}
		catch (JacksonException e) {
			throw new IllegalArgumentException("invalid model options " + body + ": " + e.getOriginalMessage(), e);
		}
		List<ChatMessage> messages = new java.util.ArrayList<>();
		if (systemPrompt != null && !systemPrompt.isBlank()) {
			messages.add(message("system", systemPrompt));
		}
		messages.add(message("user", userPrompt));
		ChatCompletionRequest request = parsed.forUpstream(messages);
		try {
			validator.validate(request);
		}
		catch (OpenAiException e) {
			throw new IllegalArgumentException("invalid model options: " + e.getMessage(), e);
		}
		return request;
	}

	private static ChatMessage message(String role, String text) {
		return new ChatMessage(role, JsonNodeFactory.instance.stringNode(text), null, null, null, null);
	}

	private static Usage usage(ChatResponse response) {
		if (response.getMetadata() == null || response.getMetadata().getUsage() == null) {
			return null;
		}
		var reported = response.getMetadata().getUsage();
		Integer prompt = reported.getPromptTokens();
		Integer completion = reported.getCompletionTokens();
		return Usage.of(prompt == null ? 0 : prompt, completion == null ? 0 : completion);
	}
}
