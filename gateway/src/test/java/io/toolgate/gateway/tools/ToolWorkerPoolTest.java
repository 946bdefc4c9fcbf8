package io.toolgate.gateway.tools;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The tool pool's bound on threads of calls that ignore their interrupt, with real threads. */
class ToolWorkerPoolTest {

	private final AtomicBoolean release = new AtomicBoolean();

	private final ToolWorkerPool pool = new ToolWorkerPool(1, 1, 100, Duration.ofMillis(50));

	@AfterEach
	void close() {
		release.set(true);
		pool.close();
	}

	@Test
	void stuckThreadsAreCutLooseUpToMaxStuckThenTheyTakeWorkersPlaces() throws Exception {
		AtomicInteger stuckReports = new AtomicInteger();
		CountDownLatch firstRuns = new CountDownLatch(1);
		Disposable first = pool.submit(() -> spinIgnoringInterrupts(firstRuns), stuckReports::incrementAndGet)
			.subscribe();
		firstRuns.await();
		first.dispose(); // as the timeout does
		assertThat(pool.stuck()).isEqualTo(1);

		// The only worker's thread still spins, but the call was cut loose: the next call runs.
		assertThat(pool.submit(() -> "ran", () -> { }).block(Duration.ofSeconds(5))).isEqualTo("ran");
		await().atMost(Duration.ofSeconds(5)).until(() -> stuckReports.get() == 1);

		CountDownLatch secondRuns = new CountDownLatch(1);
		Disposable second = pool.submit(() -> spinIgnoringInterrupts(secondRuns), stuckReports::incrementAndGet)
			.subscribe();
		secondRuns.await();
		second.dispose();
		assertThat(pool.stuck()).isEqualTo(2);

		// Two stuck threads with max-stuck 1: the pool is at workers + max-stuck threads, so a new call waits...
		AtomicBoolean ran = new AtomicBoolean();
		Disposable waiting = pool.submit(() -> ran.getAndSet(true), () -> { }).subscribe();
		Thread.sleep(300);
		assertThat(ran).isFalse();
		// ... until a stuck tool finally returns and its thread is free again.
		release.set(true);
		await().atMost(Duration.ofSeconds(5)).untilTrue(ran);
		await().atMost(Duration.ofSeconds(5)).until(() -> pool.stuck() == 0);
		waiting.dispose();
	}

	@Test
	void errorsOfEveryKindEndTheCallAtOnce() {
		Object outcome = pool.submit(() -> {
			throw new NoSuchMethodError("io.toolgate.plugin.api.ToolContext.fromTheFuture()");
		}, () -> { }).onErrorResume(e -> reactor.core.publisher.Mono.just(e)).block(Duration.ofSeconds(5));
		assertThat(outcome).isInstanceOf(NoSuchMethodError.class);
	}

	private String spinIgnoringInterrupts(CountDownLatch started) {
		started.countDown();
		while (!release.get()) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ignored) {
				// on purpose: a tool that breaks the contract
			}
		}
		return "spun";
	}
}
