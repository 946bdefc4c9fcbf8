package io.toolgate.gateway.upstream.llamacpp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.openai.wire.ChatCompletionRequest;
import io.toolgate.gateway.upstream.UnsupportedParameterException;
import io.toolgate.gateway.upstream.UpstreamException;
import io.toolgate.gateway.upstream.UpstreamProperties;
import io.toolgate.gateway.upstream.UpstreamType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The upstream's own logic against {@link FakeNativeModel}s: budgets, stop sequences, cancellation, admission,
 * configuration problems, idle unloading and shutdown with a native close that never returns.
 */
class LlamaCppUpstreamTest {

	final JsonMapper json = JsonMapper.builder().build();

	final List<FakeNativeModel> loaded = new CopyOnWriteArrayList<>();

	final List<LlamaCppUpstream> opened = new ArrayList<>();

	@AfterEach
	void closeAll() {
		opened.forEach(LlamaCppUpstream::close);
	}

	LlamaCppUpstream upstream(LlamaCppProperties settings, Map<String, String> models, boolean closeBlocks,
			long nanosPerToken, int endAt) {
		UpstreamProperties properties = new UpstreamProperties("local", UpstreamType.LLAMACPP, null, null, models, null,
				null, null, null, settings);
		LlamaCppUpstream upstream = new LlamaCppUpstream(properties, json, (file, metadata, s) -> {
			FakeNativeModel model = new FakeNativeModel(closeBlocks, nanosPerToken, endAt);
			loaded.add(model);
			return model;
		});
		opened.add(upstream);
		return upstream;
	}

	static LlamaCppProperties settings(int contextSize, int maxConcurrent, int maxQueue, Duration idleUnload,
			Duration closeTimeout, LlamaCppProperties.Overflow overflow, String template) {
		return new LlamaCppProperties(contextSize, 1, 0, maxConcurrent, maxQueue, Duration.ofSeconds(2), idleUnload,
				closeTimeout, 4, overflow, template, null);
	}

	static LlamaCppProperties simple() {
		return settings(256, 1, 1, Duration.ZERO, Duration.ofMillis(300), null, "llama2");
	}

	Map<String, String> tiny() {
		return Map.of("tiny", TestModels.tiny().toString());
	}

	Prompt prompt(LlamaCppUpstream upstream, String body) {
		return upstream.prompt(json.readValue(body, ChatCompletionRequest.class), "tiny");
	}

	static String text(List<ChatResponse> responses) {
		StringBuilder text = new StringBuilder();
		responses.forEach(r -> r.getResults().forEach(g -> text.append(g.getOutput().getText())));
		return text.toString();
	}

	@Test
	void spendsExactlyMaxTokensAndSaysLength() {
		LlamaCppUpstream upstream = upstream(simple(), tiny(), false, 0, -1);
		ChatResponse answer = upstream.call(prompt(upstream,
				"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}],\"max_tokens\":7,\"seed\":5,"
						+ "\"top_k\":3,\"mirostat\":2,\"mirostat_tau\":4.5,\"mirostat_eta\":0.2,\"min_p\":0.1,\"repeat_penalty\":1.3}"))
			.block();

		assertThat(answer.getResult().getMetadata().getFinishReason()).isEqualTo("length");
		assertThat(answer.getMetadata().getUsage().getCompletionTokens()).isEqualTo(7);
		assertThat(answer.getMetadata().getUsage().getPromptTokens()).isPositive();
		assertThat(answer.getResult().getOutput().getText()).isEqualTo("t0 t1 t2 t3 t4 t5 t6 ");
		GenerationRequest sent = loaded.get(0).lastRequest;
		assertThat(sent.maxTokens()).isEqualTo(7);
		assertThat(sent.seed()).isEqualTo(5);
		assertThat(sent.topK()).isEqualTo(3);
		assertThat(sent.mirostat()).isEqualTo(2);
		assertThat(sent.mirostatTau()).isEqualTo(4.5);
		assertThat(sent.mirostatEta()).isEqualTo(0.2);
		assertThat(sent.minP()).isEqualTo(0.1);
		assertThat(sent.repeatPenalty()).isEqualTo(1.3);
		assertThat(sent.temperature()).as("configured default").isEqualTo(0.8);
	}

	@Test
	void withoutMaxTokensTheRestOfTheContextIsTheBudget() {
		LlamaCppUpstream upstream = upstream(simple(), tiny(), false, 0, -1);
		ChatResponse answer = upstream.call(prompt(upstream,
				"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}")).block();

		int prompt = answer.getMetadata().getUsage().getPromptTokens();
		assertThat(loaded.get(0).lastRequest.maxTokens()).isEqualTo(256 - prompt - 4);
		assertThat(answer.getMetadata().getUsage().getCompletionTokens()).isEqualTo(256 - prompt - 4);
	}

	@Test
	void endOfGenerationSaysStopAndCountsWhatWasGenerated() {
		LlamaCppUpstream upstream = upstream(simple(), tiny(), false, 0, 3);
		ChatResponse answer = upstream.call(prompt(upstream,
				"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":50}")).block();

		assertThat(answer.getResult().getMetadata().getFinishReason()).isEqualTo("stop");
		assertThat(answer.getMetadata().getUsage().getCompletionTokens()).isEqualTo(4);
		assertThat(answer.getResult().getOutput().getText()).isEqualTo("t0 t1 t2 ");
	}

	@Test
	void stopSequenceEndsTheGenerationAndIsNotSent() {
		LlamaCppUpstream upstream = upstream(simple(), tiny(), false, 0, -1);
		List<ChatResponse> responses = upstream.stream(prompt(upstream,
				"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":50,\"stop\":[\"t3\"]}"))
			.collectList()
			.block();

		assertThat(text(responses)).isEqualTo("t0 t1 t2 ");
		ChatResponse last = responses.get(responses.size() - 1);
		assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("stop");
		assertThat(last.getMetadata().getUsage().getCompletionTokens()).isEqualTo(4);
		assertThat(loaded.get(0).cancelled).isTrue();
	}

	@Test
	void cancellingTheStreamStopsTheGeneration() {
		LlamaCppUpstream upstream = upstream(simple(), tiny(), false, TimeUnit.MILLISECONDS.toNanos(5), -1);
		List<ChatResponse> seen = new CopyOnWriteArrayList<>();
		Disposable subscription = upstream.stream(prompt(upstream,
				"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":200}"))
			.subscribe(seen::add);
		await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 3);

		subscription.dispose();

		await().atMost(Duration.ofSeconds(2)).until(() -> upstream.generating() == 0);
		assertThat(loaded.get(0).cancelled).isTrue();
		assertThat(loaded.get(0).generated.get()).isLessThan(100);
	}

	@Test
	void aPromptLongerThanTheContextIsRefused() {
		LlamaCppUpstream upstream = upstream(settings(16, 1, 1, Duration.ZERO, Duration.ofMillis(300), null, "llama2"),
				tiny(), false, 0, -1);
		Prompt prompt = prompt(upstream, "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\""
				+ "word ".repeat(40) + "\"}]}");

		assertThatThrownBy(() -> upstream.call(prompt).block()).isInstanceOf(PromptTooLongException.class)
			.hasMessageContaining("context of 16 tokens")
			.satisfies(e -> assertThat(((UnsupportedParameterException) e).code()).isEqualTo("context_length_exceeded"));
	}

	@Test
	void truncationDropsTheOldestHistoryButKeepsSystemAndLastMessage() {
		LlamaCppUpstream upstream = upstream(
				settings(24, 1, 1, Duration.ZERO, Duration.ofMillis(300), LlamaCppProperties.Overflow.TRUNCATE, "llama2"),
				tiny(), false, 0, -1);
		String old = "old ".repeat(20);
		ChatResponse answer = upstream.call(prompt(upstream, "{\"model\":\"tiny\",\"messages\":["
				+ "{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"" + old + "\"},"
				+ "{\"role\":\"assistant\",\"content\":\"" + old + "\"},{\"role\":\"user\",\"content\":\"latest\"}],"
				+ "\"max_tokens\":2}")).block();

		String sent = loaded.get(0).lastRequest.prompt();
		assertThat(sent).contains("be brief").contains("latest").doesNotContain("old");
		assertThat(answer.getMetadata().getUsage().getCompletionTokens()).isEqualTo(2);
	}

	@Test
	void queueOverflowIsA429WithRetryAfter() {
		LlamaCppUpstream upstream = upstream(settings(256, 1, 1, Duration.ZERO, Duration.ofMillis(300), null, "llama2"),
				tiny(), false, TimeUnit.MILLISECONDS.toNanos(20), -1);
		String body = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":100}";
		List<ChatResponse> first = new CopyOnWriteArrayList<>();
		Disposable running = upstream.stream(prompt(upstream, body)).subscribe(first::add);
		await().atMost(Duration.ofSeconds(5)).until(() -> !first.isEmpty());
		var queued = upstream.call(prompt(upstream, body)).toFuture();

		assertThatThrownBy(() -> upstream.call(prompt(upstream, body)).block()).isInstanceOfSatisfying(
				UpstreamException.class, e -> {
					assertThat(e.kind()).isEqualTo(UpstreamException.Kind.STATUS);
					assertThat(e.status()).isEqualTo(429);
					assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
					assertThat(e.getMessage()).contains("busy");
				});

		running.dispose();
		assertThat(queued.orTimeout(10, TimeUnit.SECONDS).join().getMetadata().getUsage().getCompletionTokens())
			.isEqualTo(100);
	}

	@Test
	void unusableModelsAreUnavailableWithTheReason() {
		Map<String, String> models = new HashMap<>(tiny());
		models.put("gone", "/no/such/model.gguf");
		LlamaCppUpstream upstream = upstream(simple(), models, false, 0, -1);

		Prompt prompt = upstream.prompt(json.readValue(
				"{\"model\":\"gone\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}", ChatCompletionRequest.class),
				"gone");
		assertThatThrownBy(() -> upstream.call(prompt).block()).isInstanceOfSatisfying(UpstreamException.class, e -> {
			assertThat(e.kind()).isEqualTo(UpstreamException.Kind.MODEL_UNAVAILABLE);
			assertThat(e.retryable()).isFalse();
			assertThat(e.unhealthy()).isFalse();
			assertThat(e.getMessage()).contains("model 'gone'").contains("its GGUF file does not exist")
				.doesNotContain("/no/such").doesNotContain("model.gguf");
		});
		assertThat(upstream.discoverModels().block()).extracting(m -> m.id()).containsExactly("tiny");
	}

	@Test
	void aModelThatFailsToLoadIsUnavailableWithoutItsServerPath() {
		UpstreamProperties properties = new UpstreamProperties("local", UpstreamType.LLAMACPP, null, null, tiny(), null,
				null, null, null, simple());
		LlamaCppUpstream upstream = new LlamaCppUpstream(properties, json, (file, metadata, s) -> {
			throw new IllegalStateException("failed to load model from " + file);
		});
		opened.add(upstream);

		assertThatThrownBy(() -> upstream.call(prompt(upstream,
				"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}")).block())
			.isInstanceOfSatisfying(UpstreamException.class, e -> {
				assertThat(e.kind()).isEqualTo(UpstreamException.Kind.MODEL_UNAVAILABLE);
				assertThat(e.getMessage()).contains("model 'tiny'").contains("could not load")
					.doesNotContain(TestModels.tiny().toString())
					.doesNotContain(".gguf");
			});
	}

	@Test
	void aModelWithoutTemplateNeedsAConfiguredOne() {
		LlamaCppUpstream upstream = upstream(settings(256, 1, 1, Duration.ZERO, Duration.ofMillis(300), null, null),
				tiny(), false, 0, -1);

		assertThatThrownBy(() -> upstream.call(prompt(upstream,
				"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}")).block())
			.isInstanceOf(UpstreamException.class)
			.hasMessageContaining("has no chat template")
			.hasMessageContaining("llamacpp.chat-template");
		assertThat(loaded).as("never loaded").isEmpty();
	}

	@Test
	void anUnknownTemplateNameIsAStartUpError() {
		assertThatThrownBy(() -> upstream(settings(256, 1, 1, Duration.ZERO, Duration.ofMillis(300), null, "bogus"),
				tiny(), false, 0, -1)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("'bogus' is not a llama.cpp built-in template")
			.hasMessageContaining("chatml");
	}

	@Test
	void refusesWhatLlamaCppInProcessCannotDo() {
		LlamaCppUpstream upstream = upstream(simple(), tiny(), false, 0, -1);
		String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
		Map<String, String> cases = Map.of(tools, "tools", ",\"n\":2", "n", ",\"logprobs\":true", "logprobs",
				",\"response_format\":{\"type\":\"json_object\"}", "response_format", ",\"mirostat\":3", "mirostat",
				",\"num_ctx\":8", "num_ctx", ",\"top_k\":1.5", "top_k");
		cases.forEach((extra, param) -> assertThatThrownBy(() -> prompt(upstream,
				"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]" + extra + "}"))
			.as(extra)
			.isInstanceOfSatisfying(UnsupportedParameterException.class, e -> assertThat(e.param()).isEqualTo(param)));
		// tool_choice none means the tools are not offered: nothing to refuse
		assertThat(prompt(upstream, "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]" + tools
				+ ",\"tool_choice\":\"none\"}")).isNotNull();
	}

	@Test
	void idleModelsAreUnloadedEvenWhenCloseNeverReturns() {
		LlamaCppUpstream upstream = upstream(
				settings(256, 1, 1, Duration.ofMillis(200), Duration.ofMillis(200), null, "llama2"), tiny(), true, 0, -1);
		String body = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":3}";
		upstream.call(prompt(upstream, body)).block();
		assertThat(upstream.isLoaded("tiny")).isTrue();

		await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.isLoaded("tiny"));
		assertThat(loaded.get(0).closeCalled.getCount()).isZero();

		ChatResponse again = upstream.call(prompt(upstream, body)).block();
		assertThat(again.getMetadata().getUsage().getCompletionTokens()).isEqualTo(3);
		assertThat(upstream.loads("tiny")).isEqualTo(2);
	}

	@Test
	void closeGivesUpOnANativeCloseThatNeverReturns() {
		LlamaCppUpstream upstream = upstream(
				settings(256, 1, 1, Duration.ZERO, Duration.ofMillis(300), null, "llama2"), tiny(), true, 0, -1);
		upstream.call(prompt(upstream,
				"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":3}")).block();

		long start = System.nanoTime();
		upstream.close();
		long took = System.nanoTime() - start;

		assertThat(loaded.get(0).closeCalled.getCount()).isZero();
		assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(2));
		assertThatThrownBy(() -> upstream.call(prompt(upstream,
				"{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}")).block())
			.hasMessageContaining("shutting down");
	}
}
