package io.toolgate.plugins.clock;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArithmeticTest {

	static String eval(String expression) {
		return Arithmetic.evaluate(expression).toPlainString();
	}

	@Test
	void evaluatesWithPrecedenceParenthesesAndSigns() {
		assertThat(eval("1 + 2 * 3")).isEqualTo("7");
		assertThat(eval("(1 + 2) * 3")).isEqualTo("9");
		assertThat(eval("10 - 4 - 3")).isEqualTo("3");
		assertThat(eval("100 / 10 / 5")).isEqualTo("2");
		assertThat(eval("-(2 + 3) * -2")).isEqualTo("10");
		assertThat(eval("+4 - -1")).isEqualTo("5");
		assertThat(eval(" 0.1 + 0.2 ")).isEqualTo("0.3");
		assertThat(eval(".5 * 4")).isEqualTo("2");
		assertThat(eval("1 / 3")).startsWith("0.333333333333").hasSize(36);
		assertThat(eval("50 * 2")).isEqualTo("100");
	}

	@Test
	void rejectsAnythingElseWithAReason() {
		assertThatThrownBy(() -> eval("")).hasMessageContaining("empty");
		assertThatThrownBy(() -> eval("1 / (2 - 2)")).hasMessageContaining("division by zero");
		assertThatThrownBy(() -> eval("2 ^ 3")).hasMessageContaining("unexpected '^' at position 3");
		assertThatThrownBy(() -> eval("Math.exit(1)")).hasMessageContaining("unexpected 'M' at position 1");
		assertThatThrownBy(() -> eval("(1 + 2")).hasMessageContaining("missing ')'");
		assertThatThrownBy(() -> eval("1 +")).hasMessageContaining("expression ends");
		assertThatThrownBy(() -> eval("1.2.3")).hasMessageContaining("not a number");
		assertThatThrownBy(() -> eval("1e5")).hasMessageContaining("unexpected 'e'");
		assertThatThrownBy(() -> eval("٣ + 1")).hasMessageContaining("unexpected");
		assertThatThrownBy(() -> eval("(".repeat(1000) + "1" + ")".repeat(1000))).hasMessageContaining("nested deeper");
		assertThatThrownBy(() -> eval("1+".repeat(6000) + "1")).hasMessageContaining("longer than");
	}
}
