package io.toolgate.gateway.conversation;

/**
 * Told the usage of a finished turn. A request puts one into its Reactor context (the limits settle their token
 * estimates with it); {@link TurnRecorder} calls it where it records usage, so conversations need not know who
 * listens.
 */
public interface UsageObserver {

	void used(int promptTokens, int completionTokens);
}
