package io.toolgate.gateway;

import org.springframework.boot.builder.SpringApplicationBuilder;

/** The gateway with the test tools, as a process of its own ({@link GatewayProcess}). */
public final class TestGatewayMain {

	private TestGatewayMain() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(ToolgateApplication.class, TestTools.class).run(args);
	}
}
