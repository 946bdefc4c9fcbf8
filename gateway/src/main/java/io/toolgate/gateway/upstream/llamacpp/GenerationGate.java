package io.toolgate.gateway.upstream.llamacpp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Admission to one model's generations: at most {@code maxRunning} at once and {@code maxQueued} waiting,
 * first come first served. Waiting holds no thread. A request beyond the queue fails at once with
 * {@link QueueFullException}; a waiter that is cancelled (client gone) leaves the queue.
 */
final class GenerationGate {

	private final int maxRunning;

	private final int maxQueued;

	private final Deque<Waiter> waiting = new ArrayDeque<>();

	private int running;

	GenerationGate(int maxRunning, int maxQueued) {
		this.maxRunning = maxRunning;
		this.maxQueued = maxQueued;
	}

	/** Refusal: every generation slot is busy and the queue is full. */
	static final class QueueFullException extends RuntimeException {

		QueueFullException(String message) {
			super(message, null, false, false);
		}
	}

	/** A granted slot; releasing it more than once is harmless. */
	final class Permit {

		private final AtomicBoolean released = new AtomicBoolean();

		void release() {
			if (released.compareAndSet(false, true)) {
				handOver();
			}
		}
	}

	private record Waiter(MonoSink<Permit> sink, AtomicBoolean settled) {
	}

	Mono<Permit> acquire() {
		return Mono.create(sink -> {
			Waiter waiter = new Waiter(sink, new AtomicBoolean());
			synchronized (this) {
				if (running < maxRunning) {
					running++;
					waiter.settled().set(true);
				}
				else if (waiting.size() >= maxQueued) {
					waiter.settled().set(true);
					sink.error(new QueueFullException(
							maxRunning + " generations are running and " + waiting.size() + " requests are waiting"));
					return;
				}
				else {
					waiting.add(waiter);
				}
			}
			if (waiter.settled().get()) {
				sink.success(new Permit());
				return;
			}
			sink.onCancel(() -> {
				if (waiter.settled().compareAndSet(false, true)) {
					synchronized (this) {
						waiting.remove(waiter);
					}
				}
			});
		});
	}

	/** Gives a released slot to the next live waiter, or frees it. */
	private void handOver() {
		while (true) {
			Waiter next;
			synchronized (this) {
				next = waiting.poll();
				if (next == null) {
					running--;
					return;
				}
			}
			if (next.settled().compareAndSet(false, true)) {
				next.sink().success(new Permit());
				return;
			}
		}
	}

	synchronized int running() {
		return running;
	}

	synchronized int queued() {
		return waiting.size();
	}
}
