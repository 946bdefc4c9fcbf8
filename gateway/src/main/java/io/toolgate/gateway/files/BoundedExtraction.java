package io.toolgate.gateway.files;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.files.extract.ExtractionLimitException;
import io.toolgate.gateway.openai.OpenAiException;

/**
 * Runs extractions (Tika, PDFBox, POI: blocking and sometimes slow) on a bounded pool of their own, each within
 * the attachment timeout. A timeout or a file that cannot be read becomes a note for the model instead of a
 * failed request: the model still learns that a file was attached, and the user why it was not read. The pool's
 * size ({@code toolgate.files.attachments.workers}) is also the bound on concurrent extractions, so parallel
 * bombs cannot add up beyond it; each one stops at its own budget (see {@code ExtractionBudget}).
 */
@Component
class BoundedExtraction implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(BoundedExtraction.class);

	private final Scheduler scheduler;

	private final Duration timeout;

	BoundedExtraction(FilesProperties properties) {
		this.scheduler = Schedulers.newBoundedElastic(properties.attachments().workers(), 1_000, "attachments");
		this.timeout = properties.attachments().timeout();
	}

	Scheduler scheduler() {
		return scheduler;
	}

	/** The work's text; after the timeout (the worker is interrupted) or a failure, a note saying so. */
	Mono<String> run(String what, Callable<String> work) {
		return Mono.fromCallable(work)
			.subscribeOn(scheduler)
			.timeout(timeout)
			.onErrorResume(TimeoutException.class, e -> {
				log.info("extracting {} took longer than {}", what, timeout);
				return Mono.just("(The content could not be extracted within " + timeout.toMillis() / 1000.0 + " s.)");
			})
			.onErrorResume(ExtractionLimitException.class, e -> {
				log.info("extracting {} stopped at a limit: {}", what, e.getMessage());
				return Mono.just("(" + e.getMessage() + ")");
			})
			.onErrorResume(e -> !(e instanceof OpenAiException), e -> {
				log.info("could not extract {}: {}", what, e.toString());
				return Mono.just("(The content could not be read: "
						+ (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
			});
	}

	@Override
	public void destroy() {
		scheduler.dispose();
	}
}
