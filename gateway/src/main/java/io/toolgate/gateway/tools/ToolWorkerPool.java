package io.toolgate.gateway.tools;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * The threads that run tool calls. At most {@code workers} calls run at once; more wait in line.
 *
 * <p>A call that is cancelled while it runs (its timeout passed, or its caller went away) is interrupted and cut
 * loose: its thread stops counting against {@code workers}, so a tool that ignores interrupts cannot pin the pool.
 * Threads cut loose that keep running ("stuck") are bounded: while more than {@code maxStuck} are stuck, each further
 * one does keep its worker's place. So the pool never has more than {@code workers + maxStuck} threads, and a stuck
 * thread is reused as soon as its tool finally returns. {@code onStuck} hears of every call still running
 * {@code stopGrace} after it was interrupted.
 */
final class ToolWorkerPool implements AutoCloseable {

	private final int workers;

	private final int maxStuck;

	private final int maxWaiting;

	private final Duration stopGrace;

	private final ExecutorService threads;

	/** Guarded by {@code this}, as are {@link #running} and {@link #stuck}. */
	private final Deque<Job<?>> waiting = new ArrayDeque<>();

	/** Calls on a thread, stuck ones included. */
	private int running;

	/** Calls cut loose whose thread has not returned yet. */
	private final AtomicInteger stuck = new AtomicInteger();

	ToolWorkerPool(int workers, int maxStuck, int maxWaiting, Duration stopGrace) {
		this.workers = Math.max(1, workers);
		this.maxStuck = Math.max(0, maxStuck);
		this.maxWaiting = maxWaiting;
		this.stopGrace = stopGrace;
		AtomicInteger names = new AtomicInteger();
		this.threads = Executors.newCachedThreadPool(work -> {
			Thread thread = new Thread(work, "tool-" + names.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Threads still running a call that was cut loose. */
	int stuck() {
		return stuck.get();
	}

	/**
	 * Runs {@code work} on a tool thread. Whatever it throws, {@link Error}s included, is the Mono's error; cancelling
	 * the Mono interrupts the thread and frees its place.
	 *
	 * @param onStuck told when the call still runs {@code stopGrace} after it was interrupted
	 */
	<T> Mono<T> submit(Callable<T> work, Runnable onStuck) {
		return Mono.create(sink -> {
			Job<T> job = new Job<>(work, sink, onStuck);
			sink.onCancel(job::cutLoose);
			synchronized (this) {
				if (waiting.size() >= maxWaiting) {
					sink.error(new RejectedExecutionException(
							"too many tool calls are waiting (" + maxWaiting + "); try again later"));
					return;
				}
				waiting.add(job);
				dispatch();
			}
		});
	}

	/** Starts waiting calls while there is room; called with {@code this} held. */
	private void dispatch() {
		while (!waiting.isEmpty() && running - stuck.get() < workers && running < workers + maxStuck) {
			Job<?> job = waiting.poll();
			job.state = State.RUNNING;
			running++;
			threads.execute(job);
		}
	}

	@Override
	public void close() {
		threads.shutdownNow();
	}

	private enum State {
		WAITING, RUNNING, CUT_LOOSE, DONE
	}

	private final class Job<T> implements Runnable {

		private final Callable<T> work;

		private final MonoSink<T> sink;

		private final Runnable onStuck;

		/** Guarded by the pool, as is {@link #thread}. */
		private State state = State.WAITING;

		private Thread thread;

		Job(Callable<T> work, MonoSink<T> sink, Runnable onStuck) {
			this.work = work;
			this.sink = sink;
			this.onStuck = onStuck;
		}

		@Override
		public void run() {
			synchronized (ToolWorkerPool.this) {
				if (state != State.RUNNING) { // cut loose before its thread got to it: nothing to run
					finish();
					return;
				}
				thread = Thread.currentThread();
			}
			T result = null;
			Throwable failure = null;
			try {
				result = work.call();
			}
			catch (Throwable e) { // Errors too: a LinkageError must end the call at once, not at its timeout
				failure = e;
			}
			boolean wanted;
			synchronized (ToolWorkerPool.this) {
				wanted = state == State.RUNNING;
				finish();
			}
			// An interrupt from cutLoose() happened before DONE was set (both under the pool's lock): clear it so
			// the next call on this thread starts clean.
			Thread.interrupted();
			if (!wanted) {
				return;
			}
			if (failure != null) {
				sink.error(failure);
			}
			else if (result == null) {
				sink.success();
			}
			else {
				sink.success(result);
			}
		}

		/** Gives the call's place back; called with the pool held. */
		private void finish() {
			if (state == State.CUT_LOOSE) {
				stuck.decrementAndGet();
			}
			state = State.DONE;
			thread = null;
			running--;
			dispatch();
		}

		void cutLoose() {
			synchronized (ToolWorkerPool.this) {
				if (state == State.WAITING) {
					waiting.remove(this);
					state = State.DONE;
					return;
				}
				if (state != State.RUNNING) {
					return;
				}
				state = State.CUT_LOOSE;
				stuck.incrementAndGet();
				if (thread != null) {
					thread.interrupt();
				}
				dispatch();
			}
			Schedulers.parallel().schedule(() -> {
				boolean stillRunning;
				synchronized (ToolWorkerPool.this) {
					stillRunning = state == State.CUT_LOOSE;
				}
				if (stillRunning) {
					onStuck.run();
				}
			}, stopGrace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}
	}
}
