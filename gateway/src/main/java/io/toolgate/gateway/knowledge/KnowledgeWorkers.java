package io.toolgate.gateway.knowledge;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.toolgate.gateway.openai.OpenAiException;

/**
 * The bounded pool that runs the knowledge package's blocking work (text extraction with Tika and PDFBox, ONNX
 * embedding, vector store persistence), never a Netty event loop. Its threads carry the gateway's class loader as
 * context class loader: a thread created while a plugin's tool runs would otherwise inherit the plugin's, and the
 * libraries that find resources through it (the ONNX model, Tika's parsers) would look in the wrong jar.
 */
@Component
public class KnowledgeWorkers implements DisposableBean {

	private final ThreadPoolExecutor executor;

	private final Scheduler scheduler;

	public KnowledgeWorkers(KnowledgeProperties properties) {
		this.executor = new ThreadPoolExecutor(properties.workers(), properties.workers(), 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(properties.queue()), threads("knowledge", getClass().getClassLoader()));
		this.executor.allowCoreThreadTimeOut(true);
		this.scheduler = Schedulers.fromExecutorService(executor, "knowledge");
	}

	/** Runs blocking work on the pool; a full queue fails with 429 rather than waiting without bound. */
	public <T> Mono<T> run(Callable<T> work) {
		return Mono.fromCallable(work)
			.subscribeOn(scheduler)
			.onErrorMap(RejectedExecutionException.class,
					full -> new OpenAiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error",
							"The knowledge workers are busy (" + executor.getQueue().size()
									+ " tasks waiting); try again shortly.",
							null, "knowledge_busy", java.time.Duration.ofSeconds(2)));
	}

	/** Daemon threads named {@code <name>-<n>} with this context class loader. */
	static ThreadFactory threads(String name, ClassLoader loader) {
		AtomicInteger count = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			thread.setContextClassLoader(loader);
			return thread;
		};
	}

	@Override
	public void destroy() {
		scheduler.dispose();
		executor.shutdownNow();
	}
}
