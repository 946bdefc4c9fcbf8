package io.toolgate.plugins.clock;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolResult;

import static org.assertj.core.api.Assertions.assertThat;

class ToolsTest {

	final ClockTool clock = new ClockTool(Clock.fixed(Instant.parse("2025-07-01T10:15:30Z"), ZoneOffset.UTC));

	final CalculatorTool calculator = new CalculatorTool();

	static ToolCall call(String name, Map<String, Object> arguments) {
		return new ToolCall("call_1", name, arguments, "{}");
	}

	@Test
	void clockTellsTheTimeInTheZone() {
		ToolResult berlin = clock.call(call("clock", Map.of("zone", "Europe/Berlin")), null);
		assertThat(berlin.error()).isFalse();
		assertThat(berlin.content()).isEqualTo("2025-07-01T12:15:30+02:00 Europe/Berlin (Tuesday)");
		assertThat(clock.call(call("clock", Map.of()), null).content()).startsWith("2025-07-01T10:15:30Z UTC");
	}

	@Test
	void clockRejectsAnUnknownZone() {
		ToolResult result = clock.call(call("clock", Map.of("zone", "Mars/Olympus")), null);
		assertThat(result.error()).isTrue();
		assertThat(result.content()).contains("unknown time zone 'Mars/Olympus'");
	}

	@Test
	void calculatorAnswersOrExplains() {
		assertThat(calculator.call(call("calculator", Map.of("expression", "(1.5 + 2) * 4")), null).content()).isEqualTo("14");
		ToolResult bad = calculator.call(call("calculator", Map.of("expression", "System.exit(0)")), null);
		assertThat(bad.error()).isTrue();
		assertThat(bad.content()).contains("only numbers");
		assertThat(calculator.call(call("calculator", Map.of()), null).error()).isTrue();
		assertThat(calculator.spec().name()).isEqualTo("calculator");
		assertThat(clock.spec().name()).isEqualTo("clock");
	}
}
