package io.toolgate.gateway.openai.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /v1/chat/completions}. Fields the gateway understands are typed; every other
 * top-level field is kept in {@link #extra()} so that it can be passed through to upstreams that know it
 * or rejected with a clear message by upstreams that do not.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatCompletionRequest(
		String model,
		List<ChatMessage> messages,
		Boolean stream,
		StreamOptions streamOptions,
		Double temperature,
		Double topP,
		Integer maxTokens,
		Integer maxCompletionTokens,
		JsonNode stop,
		Long seed,
		Double presencePenalty,
		Double frequencyPenalty,
		JsonNode responseFormat,
		List<ToolDefinition> tools,
		JsonNode toolChoice,
		Boolean parallelToolCalls,
		String user,
		Integer n,
		Boolean logprobs,
		Integer topLogprobs,
		JsonNode logitBias,
		String reasoningEffort,
		@JsonAnySetter Map<String, JsonNode> extra) {

	public ChatCompletionRequest {
		extra = extra == null ? new LinkedHashMap<>() : extra;
	}

	@JsonAnyGetter
	public Map<String, JsonNode> extra() {
		return extra;
	}

	public boolean streaming() {
		return Boolean.TRUE.equals(stream);
	}

	public boolean includeUsageInStream() {
		return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
	}

	/** The token limit the client asked for, whichever of the two fields it used. */
	public Integer tokenLimit() {
		return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
	}

	public int choiceCount() {
		return n == null ? 1 : n;
	}

	/** Fields of this request that are the gateway's own extensions, never sent upstream. */
	public static final java.util.Set<String> GATEWAY_FIELDS = java.util.Set.of("session_id", "available_tools",
			"agent_type", "toolgate");

	/** Server-side tools the request names: {@code {"type":"toolgate","name"}} entries and {@code available_tools}. */
	public List<String> requestedServerTools() {
		java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
		if (tools != null) {
			tools.stream().filter(t -> ToolDefinition.TOOLGATE.equals(t.type())).forEach(t -> names.add(t.name()));
		}
		JsonNode available = extra.get("available_tools");
		if (available != null && available.isArray()) {
			available.forEach(name -> names.add(name.asString()));
		}
		return List.copyOf(names);
	}

	/** {@code toolgate.approval_mode}: how a non-streaming request waits for approvals, or null. */
	public String approvalMode() {
		JsonNode toolgate = extra.get("toolgate");
		return toolgate == null || !toolgate.path("approval_mode").isString() ? null
				: toolgate.path("approval_mode").asString();
	}

	/**
	 * The request for one model call of the tool loop: another model and messages, the client's function
	 * tools plus the server tools' definitions, no gateway extensions.
	 */
	public ChatCompletionRequest forModelCall(String upstreamModel, List<ChatMessage> newMessages,
			List<ToolDefinition> serverTools) {
		List<ToolDefinition> all = new java.util.ArrayList<>();
		if (tools != null) {
			tools.stream().filter(ToolDefinition::clientFunction).forEach(all::add);
		}
		all.addAll(serverTools);
		Map<String, JsonNode> upstreamExtra = new LinkedHashMap<>(extra);
		GATEWAY_FIELDS.forEach(upstreamExtra::remove);
		return new ChatCompletionRequest(upstreamModel, newMessages, stream, null, temperature, topP, maxTokens,
				maxCompletionTokens, stop, seed, presencePenalty, frequencyPenalty, responseFormat,
				all.isEmpty() ? null : all, all.isEmpty() ? null : toolChoice, all.isEmpty() ? null : parallelToolCalls,
				user, n, logprobs, topLogprobs, logitBias, reasoningEffort, upstreamExtra);
	}

	/** The same request with other messages (e.g. attachments turned into text), extensions kept. */
	public ChatCompletionRequest withMessages(List<ChatMessage> newMessages) {
		return new ChatCompletionRequest(model, newMessages, stream, streamOptions, temperature, topP, maxTokens,
				maxCompletionTokens, stop, seed, presencePenalty, frequencyPenalty, responseFormat, tools, toolChoice,
				parallelToolCalls, user, n, logprobs, topLogprobs, logitBias, reasoningEffort, extra);
	}

	/** The {@code session_id} extension, if the body carries one as a string. */
	public String sessionId() {
		JsonNode value = extra.get("session_id");
		return value == null || value.isNull() ? null : value.asString();
	}

	/** The same request with other messages and without the gateway's extension fields. */
	public ChatCompletionRequest forUpstream(List<ChatMessage> newMessages) {
		Map<String, JsonNode> upstreamExtra = new LinkedHashMap<>(extra);
		GATEWAY_FIELDS.forEach(upstreamExtra::remove);
		return new ChatCompletionRequest(model, newMessages, stream, streamOptions, temperature, topP, maxTokens,
				maxCompletionTokens, stop, seed, presencePenalty, frequencyPenalty, responseFormat, tools, toolChoice,
				parallelToolCalls, user, n, logprobs, topLogprobs, logitBias, reasoningEffort, upstreamExtra);
	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record StreamOptions(Boolean includeUsage) {
	}
}
