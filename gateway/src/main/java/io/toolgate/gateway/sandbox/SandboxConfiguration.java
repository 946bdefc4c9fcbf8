package io.toolgate.gateway.sandbox;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.toolgate.gateway.GatewayProperties;
import io.toolgate.gateway.files.FileStorage;
import io.toolgate.gateway.metrics.GatewayMetrics;

/** The sandbox's beans, unless {@code toolgate.sandbox.enabled=false} (then sandboxed tools say it is not offered). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "toolgate.sandbox.enabled", havingValue = "true", matchIfMissing = true)
class SandboxConfiguration {

	@Bean
	DockerEngine dockerEngine(SandboxProperties properties) {
		return new DockerEngine(properties);
	}

	@Bean
	SandboxWorkspaces sandboxWorkspaces(GatewayProperties gateway, FileStorage files, SandboxProperties properties) {
		return new SandboxWorkspaces(gateway, files, properties.user());
	}

	@Bean
	SandboxService sandboxService(SandboxProperties properties, DockerEngine engine, SandboxWorkspaces workspaces,
			GatewayMetrics metrics, Clock clock) {
		return new SandboxService(properties, engine, workspaces, metrics, clock);
	}

	@Bean("sandbox")
	SandboxHealthIndicator sandboxHealthIndicator(SandboxService service) {
		return new SandboxHealthIndicator(service);
	}
}
