package io.toolgate.gateway.upstream.llamacpp;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationGateTest {

	@Test
	void admitsUpToTheLimitThenQueuesThenRefuses() {
		GenerationGate gate = new GenerationGate(2, 1);
		GenerationGate.Permit first = gate.acquire().block();
		GenerationGate.Permit second = gate.acquire().block();
		assertThat(gate.running()).isEqualTo(2);

		var waiting = gate.acquire().toFuture();
		assertThat(waiting).isNotDone();
		assertThat(gate.queued()).isEqualTo(1);

		StepVerifier.create(gate.acquire()).expectError(GenerationGate.QueueFullException.class).verify(Duration.ofSeconds(1));

		first.release();
		assertThat(waiting).isCompleted();
		assertThat(gate.running()).isEqualTo(2);
		assertThat(gate.queued()).isZero();

		first.release(); // a second release of the same permit changes nothing
		assertThat(gate.running()).isEqualTo(2);
		second.release();
		waiting.join().release();
		assertThat(gate.running()).isZero();
	}

	@Test
	void aCancelledWaiterLeavesTheQueue() {
		GenerationGate gate = new GenerationGate(1, 1);
		GenerationGate.Permit only = gate.acquire().block();
		Disposable waiter = gate.acquire().subscribe();
		assertThat(gate.queued()).isEqualTo(1);

		waiter.dispose();
		assertThat(gate.queued()).isZero();
		var next = gate.acquire().toFuture();
		assertThat(next).isNotDone();

		only.release();
		assertThat(next).isCompleted();
		assertThat(gate.running()).isEqualTo(1);
	}

	@Test
	void noQueueMeansRefusingAtOnce() {
		GenerationGate gate = new GenerationGate(1, 0);
		gate.acquire().block();
		StepVerifier.create(gate.acquire()).expectError(GenerationGate.QueueFullException.class).verify(Duration.ofSeconds(1));
	}
}
