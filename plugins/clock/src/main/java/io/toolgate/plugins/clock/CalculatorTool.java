package io.toolgate.plugins.clock;

import java.time.Duration;

import org.pf4j.Extension;

import io.toolgate.plugin.api.ApprovalMode;
import io.toolgate.plugin.api.Tool;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;
import io.toolgate.plugin.api.ToolSpec;

/** Evaluates arithmetic ({@code + - * / ( )} on decimal numbers) exactly, without a script engine. */
@Extension
public class CalculatorTool implements Tool {

	static final String SCHEMA = """
			{"type":"object","properties":{"expression":{"type":"string",\
			"description":"Arithmetic with + - * / and parentheses on decimal numbers, e.g. (1.5 + 2) * 4 / 7"}},\
			"required":["expression"]}""";

	@Override
	public ToolSpec spec() {
		return new ToolSpec("calculator",
				"Evaluates an arithmetic expression with + - * / and parentheses; answers with the exact decimal result.",
				SCHEMA, ApprovalMode.NEVER, Duration.ofSeconds(5));
	}

	@Override
	public ToolResult call(ToolCall call, ToolContext context) {
		String expression = call.string("expression", null);
		if (expression == null) {
			return ToolResult.error("missing argument 'expression' (a string such as \"2 * (3 + 4)\")");
		}
		try {
			return ToolResult.text(Arithmetic.evaluate(expression).toPlainString());
		}
		catch (Arithmetic.InvalidExpressionException e) {
			return ToolResult.error(e.getMessage());
		}
	}
}
