package io.toolgate.gateway.upstream.llamacpp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes native models without ever waiting on them for long: java-llama.cpp's close has been seen to block
 * forever after a generation. Each close runs on its own daemon thread; the caller waits at most the timeout
 * and then abandons the model (its memory stays allocated until the process ends, which is better than a
 * gateway that cannot unload or shut down).
 */
final class ModelCloser {

	private static final Logger log = LoggerFactory.getLogger(ModelCloser.class);

	private final Duration timeout;

	ModelCloser(Duration timeout) {
		this.timeout = timeout;
	}

	/** A model to close, with a name for the logs. */
	record Closing(String name, NativeModel model) {
	}

	/**
	 * Closes all models in parallel and waits at most the timeout for all of them together.
	 *
	 * @return how many did not finish closing in time (and were abandoned)
	 */
	int closeAll(List<Closing> models) {
		List<Thread> threads = models.stream().map(closing -> {
			Thread thread = new Thread(() -> {
				try {
					closing.model().close();
				}
				catch (RuntimeException | Error e) {
					log.warn("closing llama.cpp model {} failed: {}", closing.name(), e.toString());
				}
			}, "llamacpp-close-" + closing.name());
			// A daemon thread cannot keep the JVM alive if close never returns.
			thread.setDaemon(true);
			thread.start();
			return thread;
		}).toList();
		long deadline = System.nanoTime() + timeout.toNanos();
		int abandoned = 0;
		for (int i = 0; i < threads.size(); i++) {
			try {
				long left = Math.max(0, deadline - System.nanoTime());
				TimeUnit.NANOSECONDS.timedJoin(threads.get(i), Math.max(1, left));
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			if (threads.get(i).isAlive()) {
				abandoned++;
				log.warn("llama.cpp did not release model {} within {}; abandoning it (its memory is freed when the "
						+ "process exits)", models.get(i).name(), timeout);
			}
		}
		return abandoned;
	}
}
