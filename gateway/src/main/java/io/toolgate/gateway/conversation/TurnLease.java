package io.toolgate.gateway.conversation;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's identity as the owner of turns, and the heartbeat that keeps its claims alive. Each
 * instance (each process, each application context) has its own owner id; the database row of every turn it
 * runs or waits on names it, with a lease that the heartbeat renews every third of the lease. When an instance
 * dies, its leases run out and {@link TurnRecovery} takes its turns over.
 */
@Component
public class TurnLease implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TurnLease.class);

	private final TurnStateRepository turns;

	private final Clock clock;

	private final Duration lease;

	private final String owner = "gw-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);

	private volatile Disposable heartbeat;

	public TurnLease(TurnStateRepository turns, Clock clock, ConversationProperties properties) {
		this.turns = turns;
		this.clock = clock;
		this.lease = properties.conversation().lease();
	}

	/** The id this instance writes into the turns it holds. */
	public String owner() {
		return owner;
	}

	/** When a lease taken now ends. */
	public long until(long now) {
		return now + lease.toMillis();
	}

	public Duration duration() {
		return lease;
	}

	@Override
	public void start() {
		Duration every = lease.dividedBy(3);
		heartbeat = Flux.interval(every, every)
			.onBackpressureDrop()
			.concatMap(tick -> turns.renew(owner, until(clock.millis()))
				.onErrorResume(e -> {
					log.warn("could not renew the leases of {}: {}", owner, e.toString());
					return reactor.core.publisher.Mono.empty();
				}))
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = heartbeat;
		if (running != null) {
			running.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		Disposable running = heartbeat;
		return running != null && !running.isDisposed();
	}

	@Override
	public int getPhase() {
		// Stops after the web server and the approval waiters (higher phases stop first): leases are renewed
		// for as long as any request of this instance may still be running a turn.
		return Integer.MIN_VALUE + 1000;
	}
}
