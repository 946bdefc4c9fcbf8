package io.toolgate.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.toolgate.plugin.api.ApprovalMode;
import io.toolgate.plugin.api.Tool;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;
import io.toolgate.plugin.api.ToolSpec;

/**
 * Server-side tools for tests of the tool loop and approvals, registered as builtin tools. The fake upstream
 * calls them when scripted ({@code tool:echo {"text":"hi"}}); {@code relay} returns its {@code next} argument,
 * which may script the model's next call.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestTools {

	/** How often {@code guarded} really ran (it must not run before approval or after denial). */
	public static final AtomicInteger GUARDED_RUNS = new AtomicInteger();

	/**
	 * How often {@code counted} and {@code ledger} really ran, by their {@code text}. In a gateway started as
	 * a separate process ({@link GatewayProcess}), each run is also appended as a line to the file named by
	 * the system property {@code toolgate.test.run-log}, so that a test can count runs across processes.
	 */
	public static final java.util.Map<String, AtomicInteger> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

	static final String LEDGER = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},"
			+ "\"sleep_ms\":{\"type\":\"integer\"}},\"additionalProperties\":false}";

	static final String OBJECT = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},"
			+ "\"next\":{\"type\":\"string\"}},\"additionalProperties\":false}";

	@Bean
	Tool echo() {
		return tool(ToolSpec.of("echo", "Repeats its text", OBJECT), (call, context) -> ToolResult.text("echo:" + call.string("text", "")));
	}

	@Bean
	Tool relay() {
		return tool(ToolSpec.of("relay", "Returns its 'next' argument", OBJECT),
				(call, context) -> ToolResult.text(call.string("next", "")));
	}

	@Bean
	Tool again() {
		return tool(ToolSpec.of("again", "Asks to be called again, forever", OBJECT),
				(call, context) -> ToolResult.text("tool:again {}"));
	}

	@Bean
	Tool slow() {
		return tool(new ToolSpec("slow", "Takes too long", OBJECT, ApprovalMode.NEVER, Duration.ofSeconds(1)),
				(call, context) -> {
					Thread.sleep(30_000);
					return ToolResult.text("never");
				});
	}

	@Bean
	Tool broken() {
		return tool(ToolSpec.of("broken", "Always throws", OBJECT), (call, context) -> {
			throw new IllegalStateException("kaboom");
		});
	}

	@Bean
	Tool guarded() {
		return tool(new ToolSpec("guarded", "Needs approval", OBJECT, ApprovalMode.ALWAYS, Duration.ofSeconds(10)),
				(call, context) -> {
					GUARDED_RUNS.incrementAndGet();
					return ToolResult.text("guarded ran for " + context.username() + " with " + call.string("text", ""));
				});
	}

	/** Counts its runs by text; needs no approval. */
	@Bean
	Tool counted() {
		return tool(ToolSpec.of("counted", "Counts how often it ran", OBJECT), (call, context) -> {
			ran(call.string("text", ""));
			return ToolResult.text("counted:" + call.string("text", ""));
		});
	}

	/** Needs approval, counts its runs by text (across processes too), and sleeps {@code sleep_ms} after. */
	@Bean
	Tool ledger() {
		return tool(new ToolSpec("ledger", "Records that it ran; needs approval", LEDGER, ApprovalMode.ALWAYS,
				Duration.ofSeconds(60)), (call, context) -> {
					ran(call.string("text", ""));
					Object sleep = call.arguments().get("sleep_ms");
					if (sleep instanceof Number millis) {
						Thread.sleep(millis.longValue());
					}
					return ToolResult.text("ledger ran with " + call.string("text", ""));
				});
	}

	private static void ran(String text) throws java.io.IOException {
		RUNS.computeIfAbsent(text, key -> new AtomicInteger()).incrementAndGet();
		String log = System.getProperty("toolgate.test.run-log");
		if (log != null) {
			synchronized (TestTools.class) {
				java.nio.file.Files.writeString(java.nio.file.Path.of(log), text + "\n",
						java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND,
						java.nio.file.StandardOpenOption.SYNC);
			}
		}
	}

	/** How often a tool of this class ran with this text (in this JVM). */
	public static int runs(String text) {
		AtomicInteger count = RUNS.get(text);
		return count == null ? 0 : count.get();
	}

	interface Body {

		ToolResult call(ToolCall call, ToolContext context) throws Exception;
	}

	/** Runs {@code echo} in the caller's sandbox (a real Docker container). */
	@Bean
	Tool sandboxed() {
		return tool(new ToolSpec("sandboxed", "Echoes its text in the sandbox", OBJECT, ApprovalMode.NEVER,
				Duration.ofSeconds(60)), (call, context) -> ToolResult.text(context.sandbox()
					.exec(new io.toolgate.plugin.api.Sandbox.ExecRequest(java.util.List.of("echo", call.string("text", "")), "",
							Duration.ofSeconds(30), java.util.Map.of(), null))
					.stdout()));
	}

	static Tool tool(ToolSpec spec, Body body) {
		return new Tool() {
			@Override
			public ToolSpec spec() {
				return spec;
			}

			@Override
			public ToolResult call(ToolCall call, ToolContext context) throws Exception {
				return body.call(call, context);
			}
		};
	}
}
