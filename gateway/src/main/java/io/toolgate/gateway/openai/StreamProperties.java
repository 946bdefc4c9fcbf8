package io.toolgate.gateway.openai;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Streaming settings ({@code toolgate.stream}).
 *
 * @param keepAlive silence after which a {@code : keep-alive} comment is sent on a chat stream
 */
@ConfigurationProperties("toolgate.stream")
public record StreamProperties(Duration keepAlive) {
}
