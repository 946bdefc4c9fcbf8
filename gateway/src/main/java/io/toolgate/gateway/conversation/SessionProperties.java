package io.toolgate.gateway.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Server-side chat sessions ({@code toolgate.sessions}).
 *
 * @param maxHistoryMessages how many stored messages (the most recent) are put before a session's new ones
 */
@ConfigurationProperties("toolgate.sessions")
public record SessionProperties(int maxHistoryMessages) {
}
