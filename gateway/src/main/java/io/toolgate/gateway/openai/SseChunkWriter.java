package io.toolgate.gateway.openai;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.openai.wire.ChatCompletionChunk;

/**
 * Encodes chunks as OpenAI's server-sent events: {@code data: {json}} per chunk, {@code data: [DONE]} at the
 * end, no {@code event:} names. While the stream is silent for longer than the keep-alive interval, a
 * {@code : keep-alive} comment keeps proxies from closing it. An error before anything was written is left to
 * the error handler (a normal HTTP error status); an error after that becomes {@code data: {"error":...}}
 * and ends the stream.
 */
@Component
public class SseChunkWriter {

	static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

	static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

	private final JsonMapper json;

	private final OpenAiErrors errors;

	public SseChunkWriter(JsonMapper json, OpenAiErrors errors) {
		this.json = json;
		this.errors = errors;
	}

	public Flux<byte[]> encode(Flux<ChatCompletionChunk> chunks, Duration keepAlive) {
		AtomicBoolean started = new AtomicBoolean();
		Flux<byte[]> events = chunks.map(chunk -> event(json.writeValueAsBytes(chunk)));
		// [DONE] comes after the merge has completed, so a keep-alive tick racing the last chunk can never
		// follow it (nothing may come after [DONE]).
		Flux<byte[]> withKeepAlive = events.publish(shared -> Flux.merge(shared,
				Flux.interval(keepAlive, keepAlive)
					.map(tick -> KEEP_ALIVE)
					.takeUntilOther(shared.then().onErrorResume(e -> Mono.empty()))))
			.concatWith(Mono.just(DONE));
		return withKeepAlive.doOnNext(bytes -> started.set(true))
			.onErrorResume(error -> started.get()
					? Mono.just(event(json.writeValueAsBytes(errors.body(errors.toOpenAi(error)))))
					: Mono.error(error));
	}

	static byte[] event(byte[] data) {
		byte[] event = new byte[data.length + 8];
		System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, event, 0, 6);
		System.arraycopy(data, 0, event, 6, data.length);
		event[event.length - 2] = '\n';
		event[event.length - 1] = '\n';
		return event;
	}
}
