package io.toolgate.gateway.conversation;

import java.time.Duration;
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
		conversation = conversation == null ? new Loop(8, null, null) : conversation;
	}

	/**
	 * @param maxSteps default most model calls with tool calls in one turn
	 * @param lease how long an instance holds a turn it runs or waits on without renewing its claim; a turn
	 * whose lease ran out belongs to a dead instance and is recovered
	 * @param turnRetention how long the state of a finished turn is kept (for inspection) before it is deleted
	 */
	public record Loop(int maxSteps, Duration lease, Duration turnRetention) {

		public Loop {
			lease = lease == null ? Duration.ofSeconds(30) : lease;
			turnRetention = turnRetention == null ? Duration.ofHours(1) : turnRetention;
			if (lease.toMillis() < 300) {
				throw new IllegalArgumentException("toolgate.conversation.lease must be at least 300ms");
			}
		}
	}
}
