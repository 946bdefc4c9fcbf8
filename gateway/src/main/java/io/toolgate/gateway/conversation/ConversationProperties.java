package io.toolgate.gateway.conversation;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The tool loop's settings and the agent profiles ({@code toolgate.agents}, {@code toolgate.conversation}).
 *
 * @param agents agent profiles by the model name clients use
 * @param conversation loop limits
 */
@ConfigurationProperties("toolgate")
public record ConversationProperties(Map<String, AgentProfile> agents, Loop conversation) {

	public ConversationProperties {
		agents = agents == null ? Map.of() : Map.copyOf(agents);
		conversation = conversation == null ? new Loop(8) : conversation;
	}

	/** @param maxSteps default most model calls with tool calls in one turn */
	public record Loop(int maxSteps) {
	}
}
