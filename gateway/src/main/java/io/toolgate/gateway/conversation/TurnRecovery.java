package io.toolgate.gateway.conversation;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.approval.TurnResumption;
import io.toolgate.gateway.metrics.GatewayMetrics;

/**
 * Takes over turns whose instance died, on start and then every half lease, on every instance (each take-over
 * is one conditional UPDATE, so two instances never both take the same turn):
 * <ul>
 * <li>a turn that was <em>running</em> (a tool call or model call in flight) fails with a reason written to
 * the turn, the approvals API and the session's history; nothing of it runs again, since a tool may have
 * acted already;</li>
 * <li>a turn <em>waiting</em> for a decision is handed back: whoever decides its approval continues it;</li>
 * <li>a waiting turn nobody holds whose approval was decided (or expired) more than a lease ago lost its
 * continuation (the deciding instance stopped at that moment): it is continued here, in the background.</li>
 * </ul>
 * The states of finished turns are deleted once their retention has passed.
 */
@Component
public class TurnRecovery implements SmartLifecycle {

	static final String INTERRUPTED = "The gateway instance running this turn stopped (killed or crashed) while it"
			+ " ran; the result of the call in progress is lost, and the call was not run again. Ask again to retry.";

	private static final Logger log = LoggerFactory.getLogger(TurnRecovery.class);

	private static final int BATCH = 100;

	private final TurnStateRepository turns;

	private final TurnLease lease;

	private final TurnRecorder recorder;

	private final TurnResumption resumption;

	private final Clock clock;

	private final Duration retention;

	private final GatewayMetrics metrics;

	private volatile Disposable sweeping;

	public TurnRecovery(TurnStateRepository turns, TurnLease lease, TurnRecorder recorder, TurnResumption resumption,
			Clock clock, ConversationProperties properties, GatewayMetrics metrics) {
		this.turns = turns;
		this.lease = lease;
		this.recorder = recorder;
		this.resumption = resumption;
		this.clock = clock;
		this.retention = properties.conversation().turnRetention();
		this.metrics = metrics;
	}

	/** One pass over the turns to recover. */
	public Mono<Void> sweep() {
		long now = clock.millis();
		Mono<Void> stale = turns.stale(now, BATCH).flatMapMany(Flux::fromIterable).concatMap(turn -> {
			if ("running".equals(turn.status())) {
				return turns.failStale(turn.id(), turn.owner(), INTERRUPTED, now).flatMap(won -> {
					if (!won) {
						return Mono.<Void>empty();
					}
					log.warn("turn {} was running on {}, which stopped renewing its lease: failed", turn.id(), turn.owner());
					metrics.turnRecovered("failed");
					return turns.load(turn.id()).flatMap(state -> recorder.recordInterrupted(state, INTERRUPTED));
				});
			}
			return turns.releaseStale(turn.id(), turn.owner(), now).doOnNext(won -> {
				if (won) {
					metrics.turnRecovered("released");
				}
			}).then();
		}).then();
		Mono<Void> orphaned = turns.orphaned(now - lease.duration().toMillis(), BATCH)
			.flatMapMany(Flux::fromIterable)
			.concatMap(id -> resumption.resume(id, "/approve")
				.doOnNext(done -> metrics.turnRecovered("resumed"))
				.then()
				.onErrorResume(e -> {
					log.warn("could not continue the orphaned turn {}: {}", id, e.toString());
					return Mono.empty();
				}))
			.then();
		Mono<Void> forgotten = turns.forgetFinished(now - retention.toMillis()).then();
		return stale.then(orphaned).then(forgotten);
	}

	@Override
	public void start() {
		Duration every = lease.duration().dividedBy(2);
		sweeping = Flux.interval(Duration.ZERO, every)
			.onBackpressureDrop()
			.concatMap(tick -> sweep().onErrorResume(e -> {
				log.warn("turn recovery failed: {}", e.toString());
				return Mono.empty();
			}))
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = sweeping;
		if (running != null) {
			running.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		Disposable running = sweeping;
		return running != null && !running.isDisposed();
	}
}
