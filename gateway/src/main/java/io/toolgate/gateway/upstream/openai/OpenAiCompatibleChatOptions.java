package io.toolgate.gateway.upstream.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import tools.jackson.databind.JsonNode;

/**
 * Options of {@link OpenAiCompatibleChatModel}. Besides the portable options it carries
 * {@link #passThrough()}: request fields sent upstream exactly as the client gave them (response_format,
 * tool_choice, logprobs, vendor extras such as vLLM's {@code min_p}).
 */
public final class OpenAiCompatibleChatOptions implements ToolCallingChatOptions {

	private final Builder values;

	private OpenAiCompatibleChatOptions(Builder values) {
		this.values = values.clone();
	}

	public static Builder builder() {
		return new Builder();
	}

	@Override
	public String getModel() {
		return values.model;
	}

	@Override
	public Double getFrequencyPenalty() {
		return values.frequencyPenalty;
	}

	@Override
	public Integer getMaxTokens() {
		return values.maxTokens;
	}

	/** Whether the limit is sent as {@code max_completion_tokens} (the client's choice) or {@code max_tokens}. */
	public boolean maxCompletionTokensField() {
		return values.maxCompletionTokensField;
	}

	@Override
	public Double getPresencePenalty() {
		return values.presencePenalty;
	}

	@Override
	public List<String> getStopSequences() {
		return values.stop;
	}

	@Override
	public Double getTemperature() {
		return values.temperature;
	}

	@Override
	public Integer getTopK() {
		return values.topK;
	}

	@Override
	public Double getTopP() {
		return values.topP;
	}

	public Long getSeed() {
		return values.seed;
	}

	public Integer getN() {
		return values.n;
	}

	public Map<String, JsonNode> passThrough() {
		return Map.copyOf(values.passThrough);
	}

	@Override
	public List<ToolCallback> getToolCallbacks() {
		return List.copyOf(values.toolCallbacks);
	}

	@Override
	public Map<String, Object> getToolContext() {
		return Map.copyOf(values.toolContext);
	}

	@Override
	public Builder mutate() {
		return values.clone();
	}

	/** Builder; also the mutable twin returned by {@link #mutate()}. */
	public static final class Builder implements ToolCallingChatOptions.Builder<Builder> {

		private String model;

		private Double frequencyPenalty;

		private Integer maxTokens;

		private boolean maxCompletionTokensField;

		private Double presencePenalty;

		private List<String> stop;

		private Double temperature;

		private Integer topK;

		private Double topP;

		private Long seed;

		private Integer n;

		private List<ToolCallback> toolCallbacks = new ArrayList<>();

		private Map<String, Object> toolContext = new LinkedHashMap<>();

		private Map<String, JsonNode> passThrough = new LinkedHashMap<>();

		@Override
		public Builder clone() {
			Builder copy = new Builder();
			copy.model = model;
			copy.frequencyPenalty = frequencyPenalty;
			copy.maxTokens = maxTokens;
			copy.maxCompletionTokensField = maxCompletionTokensField;
			copy.presencePenalty = presencePenalty;
			copy.stop = stop;
			copy.temperature = temperature;
			copy.topK = topK;
			copy.topP = topP;
			copy.seed = seed;
			copy.n = n;
			copy.toolCallbacks = new ArrayList<>(toolCallbacks);
			copy.toolContext = new LinkedHashMap<>(toolContext);
			copy.passThrough = new LinkedHashMap<>(passThrough);
			return copy;
		}

		@Override
		public Builder model(String model) {
			this.model = model;
			return this;
		}

		@Override
		public Builder frequencyPenalty(Double frequencyPenalty) {
			this.frequencyPenalty = frequencyPenalty;
			return this;
		}

		@Override
		public Builder maxTokens(Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		public Builder maxCompletionTokensField(boolean useField) {
			this.maxCompletionTokensField = useField;
			return this;
		}

		@Override
		public Builder presencePenalty(Double presencePenalty) {
			this.presencePenalty = presencePenalty;
			return this;
		}

		@Override
		public Builder stopSequences(List<String> stop) {
			this.stop = stop == null ? null : List.copyOf(stop);
			return this;
		}

		@Override
		public Builder temperature(Double temperature) {
			this.temperature = temperature;
			return this;
		}

		@Override
		public Builder topK(Integer topK) {
			this.topK = topK;
			return this;
		}

		@Override
		public Builder topP(Double topP) {
			this.topP = topP;
			return this;
		}

		public Builder seed(Long seed) {
			this.seed = seed;
			return this;
		}

		public Builder n(Integer n) {
			this.n = n;
			return this;
		}

		public Builder passThrough(String field, JsonNode value) {
			this.passThrough.put(field, value);
			return this;
		}

		@Override
		public Builder toolCallbacks(List<ToolCallback> toolCallbacks) {
			this.toolCallbacks = new ArrayList<>(toolCallbacks);
			return this;
		}

		@Override
		public Builder toolCallbacks(ToolCallback... toolCallbacks) {
			return toolCallbacks(List.of(toolCallbacks));
		}

		@Override
		public Builder toolContext(Map<String, Object> toolContext) {
			this.toolContext = new LinkedHashMap<>(toolContext);
			return this;
		}

		@Override
		public Builder toolContext(String key, Object value) {
			this.toolContext.put(key, value);
			return this;
		}

		@Override
		public Builder combineWith(ChatOptions.Builder<?> other) {
			ChatOptions o = other.build();
			if (o.getModel() != null) {
				model = o.getModel();
			}
			if (o.getTemperature() != null) {
				temperature = o.getTemperature();
			}
			if (o.getTopP() != null) {
				topP = o.getTopP();
			}
			if (o.getTopK() != null) {
				topK = o.getTopK();
			}
			if (o.getMaxTokens() != null) {
				maxTokens = o.getMaxTokens();
			}
			if (o.getStopSequences() != null) {
				stop = o.getStopSequences();
			}
			if (o.getPresencePenalty() != null) {
				presencePenalty = o.getPresencePenalty();
			}
			if (o.getFrequencyPenalty() != null) {
				frequencyPenalty = o.getFrequencyPenalty();
			}
			if (o instanceof ToolCallingChatOptions tools && !tools.getToolCallbacks().isEmpty()) {
				toolCallbacks = new ArrayList<>(tools.getToolCallbacks());
			}
			return this;
		}

		@Override
		public OpenAiCompatibleChatOptions build() {
			return new OpenAiCompatibleChatOptions(this);
		}
	}
}
