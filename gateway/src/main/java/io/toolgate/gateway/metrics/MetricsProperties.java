package io.toolgate.gateway.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Metrics settings ({@code toolgate.metrics}).
 *
 * @param perUserLabels label token counters with the user name (off by default: one series per user)
 */
@ConfigurationProperties("toolgate.metrics")
public record MetricsProperties(boolean perUserLabels) {
}
