package io.toolgate.gateway.upstream.llamacpp;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A native model that behaves like llama.cpp where the gateway can observe it: one token per word of the
 * prompt counted, tokens {@code "t0 ", "t1 ", ...} generated at a chosen pace, and a close that can be made to
 * block forever (as java-llama.cpp's has been seen to).
 */
final class FakeNativeModel implements NativeModel {

	final AtomicInteger generated = new AtomicInteger();

	final AtomicBoolean cancelled = new AtomicBoolean();

	final CountDownLatch closeCalled = new CountDownLatch(1);

	volatile GenerationRequest lastRequest;

	private final boolean closeBlocksForever;

	private final long nanosPerToken;

	/** Text of the token at which the model emits its end-of-generation token (empty text), or -1. */
	private final int endAt;

	FakeNativeModel(boolean closeBlocksForever, long nanosPerToken, int endAt) {
		this.closeBlocksForever = closeBlocksForever;
		this.nanosPerToken = nanosPerToken;
		this.endAt = endAt;
	}

	@Override
	public String applyTemplate(String messagesJson) {
		return messagesJson;
	}

	@Override
	public int countPromptTokens(String prompt) {
		return prompt.split("\\s+").length;
	}

	@Override
	public Generation generate(GenerationRequest request) {
		lastRequest = request;
		return new Generation() {

			int index;

			boolean done;

			boolean stopped;

			@Override
			public boolean hasNext() {
				return !done;
			}

			@Override
			public Piece next() {
				if (index >= request.maxTokens() || stopped || (endAt >= 0 && index > endAt)) {
					done = true;
					return new Piece("", true);
				}
				if (nanosPerToken > 0) {
					java.util.concurrent.locks.LockSupport.parkNanos(nanosPerToken);
				}
				generated.incrementAndGet();
				String text = endAt == index ? "" : "t" + index + " ";
				index++;
				return new Piece(text, false);
			}

			@Override
			public void cancel() {
				cancelled.set(true);
				stopped = true;
				done = true;
			}
		};
	}

	@Override
	public void close() {
		closeCalled.countDown();
		if (closeBlocksForever) {
			CountDownLatch never = new CountDownLatch(1);
			while (true) {
				try {
					never.await();
				}
				catch (InterruptedException ignored) {
					// like a native call: interrupting does not end it
				}
			}
		}
	}
}
