package io.toolgate.gateway.upstream.llamacpp;

import java.util.List;

import org.springframework.ai.chat.prompt.ChatOptions;

/**
 * Options of {@link LlamaCppChatModel}: the portable options plus llama.cpp's own samplers. A null value
 * means "the upstream's configured default" ({@code llamacpp.defaults}).
 *
 * @param model the model key (as listed in {@code /v1/models}), not the file
 * @param seed sampling seed; null for a random one
 */
public record LlamaCppChatOptions(String model, Double temperature, Double topP, Integer topK, Integer maxTokens,
		List<String> stop, Double presencePenalty, Double frequencyPenalty, Double minP, Double repeatPenalty,
		Integer repeatLastN, Integer mirostat, Double mirostatTau, Double mirostatEta, Long seed) implements ChatOptions {

	public LlamaCppChatOptions {
		stop = stop == null ? List.of() : List.copyOf(stop);
	}

	public static Builder builder() {
		return new Builder();
	}

	@Override
	public String getModel() {
		return model;
	}

	@Override
	public Double getFrequencyPenalty() {
		return frequencyPenalty;
	}

	@Override
	public Integer getMaxTokens() {
		return maxTokens;
	}

	@Override
	public Double getPresencePenalty() {
		return presencePenalty;
	}

	@Override
	public List<String> getStopSequences() {
		return stop;
	}

	@Override
	public Double getTemperature() {
		return temperature;
	}

	@Override
	public Integer getTopK() {
		return topK;
	}

	@Override
	public Double getTopP() {
		return topP;
	}

	@Override
	public Builder mutate() {
		Builder b = new Builder();
		b.model = model;
		b.temperature = temperature;
		b.topP = topP;
		b.topK = topK;
		b.maxTokens = maxTokens;
		b.stop = stop;
		b.presencePenalty = presencePenalty;
		b.frequencyPenalty = frequencyPenalty;
		b.minP = minP;
		b.repeatPenalty = repeatPenalty;
		b.repeatLastN = repeatLastN;
		b.mirostat = mirostat;
		b.mirostatTau = mirostatTau;
		b.mirostatEta = mirostatEta;
		b.seed = seed;
		return b;
	}

	/** Builder; also what {@link #mutate()} returns. */
	public static final class Builder implements ChatOptions.Builder<Builder> {

		private String model;

		private Double temperature;

		private Double topP;

		private Integer topK;

		private Integer maxTokens;

		private List<String> stop;

		private Double presencePenalty;

		private Double frequencyPenalty;

		private Double minP;

		private Double repeatPenalty;

		private Integer repeatLastN;

		private Integer mirostat;

		private Double mirostatTau;

		private Double mirostatEta;

		private Long seed;

		@Override
		public Builder clone() {
			return build().mutate();
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

		@Override
		public Builder presencePenalty(Double presencePenalty) {
			this.presencePenalty = presencePenalty;
			return this;
		}

		@Override
		public Builder stopSequences(List<String> stop) {
			this.stop = stop;
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

		public Builder minP(Double minP) {
			this.minP = minP;
			return this;
		}

		public Builder repeatPenalty(Double repeatPenalty) {
			this.repeatPenalty = repeatPenalty;
			return this;
		}

		public Builder repeatLastN(Integer repeatLastN) {
			this.repeatLastN = repeatLastN;
			return this;
		}

		public Builder mirostat(Integer mirostat) {
			this.mirostat = mirostat;
			return this;
		}

		public Builder mirostatTau(Double mirostatTau) {
			this.mirostatTau = mirostatTau;
			return this;
		}

		public Builder mirostatEta(Double mirostatEta) {
			this.mirostatEta = mirostatEta;
			return this;
		}

		public Builder seed(Long seed) {
			this.seed = seed;
			return this;
		}

		@Override
		public Builder combineWith(ChatOptions.Builder<?> other) {
			ChatOptions o = other.build();
			model = o.getModel() != null ? o.getModel() : model;
			temperature = o.getTemperature() != null ? o.getTemperature() : temperature;
			topP = o.getTopP() != null ? o.getTopP() : topP;
			topK = o.getTopK() != null ? o.getTopK() : topK;
			maxTokens = o.getMaxTokens() != null ? o.getMaxTokens() : maxTokens;
			stop = o.getStopSequences() != null && !o.getStopSequences().isEmpty() ? o.getStopSequences() : stop;
			presencePenalty = o.getPresencePenalty() != null ? o.getPresencePenalty() : presencePenalty;
			frequencyPenalty = o.getFrequencyPenalty() != null ? o.getFrequencyPenalty() : frequencyPenalty;
			if (o instanceof LlamaCppChatOptions own) {
				minP = own.minP() != null ? own.minP() : minP;
				repeatPenalty = own.repeatPenalty() != null ? own.repeatPenalty() : repeatPenalty;
				repeatLastN = own.repeatLastN() != null ? own.repeatLastN() : repeatLastN;
				mirostat = own.mirostat() != null ? own.mirostat() : mirostat;
				mirostatTau = own.mirostatTau() != null ? own.mirostatTau() : mirostatTau;
				mirostatEta = own.mirostatEta() != null ? own.mirostatEta() : mirostatEta;
				seed = own.seed() != null ? own.seed() : seed;
			}
			return this;
		}

		@Override
		public LlamaCppChatOptions build() {
			return new LlamaCppChatOptions(model, temperature, topP, topK, maxTokens, stop, presencePenalty,
					frequencyPenalty, minP, repeatPenalty, repeatLastN, mirostat, mirostatTau, mirostatEta, seed);
		}
	}
}
