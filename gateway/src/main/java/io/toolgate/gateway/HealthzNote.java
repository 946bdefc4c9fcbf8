package io.toolgate.gateway;

/**
 * Something {@code /healthz} reports beside its "ok" without failing liveness (the process still serves), e.g.
 * that the sandbox's Docker engine is unreachable. Implementations answer from state they already hold: the
 * liveness probe must stay cheap.
 */
public interface HealthzNote {

	/** The key in the /healthz body. */
	String name();

	/** "ok", or what is wrong. */
	String note();
}
