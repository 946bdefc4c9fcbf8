package io.toolgate.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A streaming chat request whose SSE lines are collected as they arrive, for tests that act mid-stream. */
public final class StreamingCall {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final CompletableFuture<HttpResponse<Void>> response;

	private StreamingCall(HttpClient http, int port, String apiKey, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + apiKey)
			.timeout(Duration.ofMinutes(3))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		response = http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new java.util.concurrent.Flow.Subscriber<>() {
			@Override
			public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
				subscription.request(Long.MAX_VALUE);
			}

			@Override
			public void onNext(String item) {
				lines.add(item);
			}

			@Override
			public void onError(Throwable throwable) {
				lines.add("!error " + throwable);
			}

			@Override
			public void onComplete() {
			}
		}));
	}

	public static StreamingCall open(HttpClient http, int port, String apiKey, String body) {
		return new StreamingCall(http, port, apiKey, body);
	}

	public List<String> lines() {
		return lines;
	}

	/** The id of the approval the stream announced, waiting for it up to {@code limit}. */
	public String approvalId(Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			for (String line : lines) {
				if (line.startsWith("data: {") && line.contains("approval_required")) {
					JsonNode chunk = JSON.readTree(line.substring(6));
					return chunk.at("/toolgate/approval/id").asString();
				}
			}
			if (response.isDone()) {
				break;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no approval_required chunk; lines: " + lines);
	}

	/** Waits for the end of the stream and answers all its lines. */
	public List<String> finish(Duration limit) throws Exception {
		response.get(limit.toMillis(), TimeUnit.MILLISECONDS);
		return lines;
	}

	public boolean done() {
		return response.isDone();
	}

	public int status() throws Exception {
		return response.get(1, TimeUnit.MINUTES).statusCode();
	}
}
