package io.toolgate.gateway.approval;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestTools;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.ToolgateApplication;

import static org.assertj.core.api.Assertions.assertThat;

/** A pending approval survives a restart: stop the gateway, start it again, approve, and the turn completes. */
class ApprovalRestartTest {

	@TempDir
	Path dataDir;

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(ToolgateApplication.class, TestTools.class).run("--server.port=0",
				"--toolgate.data-dir=" + dataDir, "--toolgate.admin-key=" + TestUpstreams.ADMIN_KEY,
				"--toolgate.upstreams[0].name=fake", "--toolgate.upstreams[0].type=openai",
				"--toolgate.upstreams[0].base-url=" + TestUpstreams.openai().baseUrl() + "/v1",
				"--toolgate.upstreams[0].api-key=" + TestUpstreams.OPENAI_KEY);
	}

	private static HttpTestClient client(ConfigurableApplicationContext context) {
		return new HttpTestClient(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	@Test
	void approvesAfterARestart() {
		String id;
		try (ConfigurableApplicationContext first = start()) {
			var pending = client(first).post("/v1/chat/completions", ApprovalFlowTest.guardedCall("kept", "\"session_id\":\"restart\""));
			assertThat(pending.json().path("requires_approval").asBoolean()).as(pending.body()).isTrue();
			id = pending.json().path("request_id").asString();
		}
		try (ConfigurableApplicationContext second = start()) {
			HttpTestClient client = client(second);
			assertThat(client.get("/v1/approvals/" + id).json().path("status").asString()).isEqualTo("pending");

			var continued = client.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":true}");

			assertThat(continued.status()).as(continued.body()).isEqualTo(200);
			assertThat(continued.json().at("/choices/0/message/content").asString()).isEqualTo("Tool results: guarded ran for admin with kept");
			var history = client.get("/api/chat/history/restart").json().path("messages");
			assertThat(history.valueStream().map(m -> m.path("role").asString())).containsExactly("user", "assistant", "tool", "assistant");
		}
	}
}
