package io.toolgate.gateway;

import java.util.concurrent.Callable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs JDBC work on bounded schedulers of its own, never on a Netty event loop, and wraps writes in a
 * transaction. Every repository goes through it. On SQLite all writes go through one writer thread: SQLite
 * has one write lock, and writers that fight over it sleep in its busy handler (in steps of up to 100 ms),
 * which under load costs far more than queueing them here.
 */
@Component
public class JdbcExecutor implements DisposableBean {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Scheduler scheduler = Schedulers.newBoundedElastic(32, 100_000, "jdbc");

	private final Scheduler writer;

	public JdbcExecutor(JdbcClient jdbc, TransactionTemplate transactions,
			org.springframework.core.env.Environment environment) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		boolean sqlite = environment.getProperty("spring.datasource.url", "").startsWith("jdbc:sqlite:");
		this.writer = sqlite ? Schedulers.newSingle("jdbc-writer", true)
				: Schedulers.newBoundedElastic(16, 100_000, "jdbc-writer");
	}

	public JdbcClient jdbc() {
		return jdbc;
	}

	/** A read, off the event loop; a null result completes empty. */
	public <T> Mono<T> read(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(scheduler);
	}

	/** A write in one transaction, off the event loop; a null result completes empty. */
	public <T> Mono<T> write(Callable<T> work) {
		return Mono.fromCallable(() -> transactions.execute(status -> {
			try {
				return work.call();
			}
			catch (RuntimeException e) {
				throw e;
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
		})).subscribeOn(writer);
	}

	@Override
	public void destroy() {
		scheduler.dispose();
		writer.dispose();
	}
}
