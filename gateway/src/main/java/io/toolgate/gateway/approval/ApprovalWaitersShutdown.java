package io.toolgate.gateway.approval;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On shutdown, before the web server drains its requests, ends every request parked on an approval (with an
 * OpenAI-shaped error that says how to resume), so that graceful shutdown never waits for a human.
 */
@Component
public class ApprovalWaitersShutdown implements SmartLifecycle {

	private final ApprovalGate gate;

	private volatile boolean running;

	public ApprovalWaitersShutdown(ApprovalGate gate) {
		this.gate = gate;
	}

	@Override
	public void start() {
		running = true;
	}

	@Override
	public void stop() {
		running = false;
		gate.closeWaiters();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		// The highest phase stops first: before the web server's graceful shutdown starts waiting for requests.
		return Integer.MAX_VALUE;
	}
}
