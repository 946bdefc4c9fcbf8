package io.toolgate.gateway.metrics;

import java.util.List;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;

/**
 * A scripted run through chat, streaming, embeddings, an upstream error, a server-side tool and approvals
 * (one approved, one denied), a command in the sandbox (real Docker), and a fallback between upstreams, so that every gateway metric has at least one series. Needs {@code TestTools}.
 */
final class ScriptedRun {

	private ScriptedRun() {
	}

	static void run(HttpTestClient client) {
		for (String model : List.of(TestUpstreams.OLLAMA_MODEL, TestUpstreams.OPENAI_MODEL)) {
			client.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
			client.stream("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":true,"
					+ "\"messages\":[{\"role\":\"user\",\"content\":\"tokens:5\"}]}");
		}
		client.post("/v1/embeddings", "{\"model\":\"" + TestUpstreams.OPENAI_EMBED + "\",\"input\":\"x\"}");
		client.post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.OPENAI_MODEL
				+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"error:500\"}]}");
		client.post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.OPENAI_MODEL + "\",\"tools\":[{\"type\":\"toolgate\","
				+ "\"name\":\"echo\"}],\"messages\":[{\"role\":\"user\",\"content\":\"tool:echo {\\\"text\\\":\\\"m\\\"}\"}]}");
		client.post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.OPENAI_MODEL + "\",\"tools\":[{\"type\":\"toolgate\","
				+ "\"name\":\"sandboxed\"}],\"messages\":[{\"role\":\"user\",\"content\":\"tool:sandboxed {\\\"text\\\":\\\"m\\\"}\"}]}");
		for (boolean approve : List.of(true, false)) {
			String id = client.post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.OPENAI_MODEL + "\",\"tools\":[{\"type\":"
					+ "\"toolgate\",\"name\":\"guarded\"}],\"messages\":[{\"role\":\"user\",\"content\":\"tool:guarded {}\"}]}")
				.json().path("request_id").asString();
			client.post("/approve", "{\"request_id\":\"" + id + "\",\"approve\":" + approve + "}");
		}
		// A model both upstreams serve: the retry after the failure moves to the other upstream (a fallback).
		// Last: more failures could open a circuit and fail the steps above.
		client.post("/v1/chat/completions", "{\"model\":\"" + TestUpstreams.SHARED_MODEL
				+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"error:500\"}]}");
	}
}
