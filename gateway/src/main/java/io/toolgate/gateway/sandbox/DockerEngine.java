package io.toolgate.gateway.sandbox;

import java.io.IOException;
import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import org.springframework.beans.factory.DisposableBean;

/**
 * The connection to the Docker engine: one client with a response timeout for control calls (create, start,
 * inspect, kill), and one without for attached exec streams, whose end the executor bounds itself (a silent
 * {@code sleep} must not look like a dead engine).
 */
public class DockerEngine implements DisposableBean {

	private final String host;

	private final DockerHttpClient controlTransport;

	private final DockerHttpClient streamTransport;

	private final DockerClient control;

	private final DockerClient streams;

	public DockerEngine(SandboxProperties properties) {
		this.host = properties.resolvedDockerHost();
		DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
			.withDockerHost(host)
			.build();
		this.controlTransport = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
			.sslConfig(config.getSSLConfig())
			.maxConnections(64)
			.connectionTimeout(Duration.ofSeconds(5))
			.responseTimeout(properties.apiTimeout())
			.build();
		this.streamTransport = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
			.sslConfig(config.getSSLConfig())
			.maxConnections(256)
			.connectionTimeout(Duration.ofSeconds(5))
			.build();
		this.control = DockerClientImpl.getInstance(config, controlTransport);
		this.streams = DockerClientImpl.getInstance(config, streamTransport);
	}

	/** Where the engine is, for messages. */
	public String host() {
		return host;
	}

	/** Calls that should answer promptly. */
	public DockerClient control() {
		return control;
	}

	/** Attached streams that last as long as a command runs. */
	public DockerClient streams() {
		return streams;
	}

	@Override
	public void destroy() throws IOException {
		control.close();
		streams.close();
	}
}
