package io.toolgate.plugins.clock;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A recursive-descent evaluator of {@code + - * / ( )} on decimal numbers. Grammar:
 * <pre>
 * expression = term { ("+" | "-") term }
 * term       = factor { ("*" | "/") factor }
 * factor     = ("+" | "-") factor | number | "(" expression ")"
 * number     = digits [ "." digits ] | "." digits
 * </pre>
 * Numbers are {@link BigDecimal}s rounded to 34 significant digits, so {@code 0.1 + 0.2} is {@code 0.3}.
 * One evaluator per call: it keeps its position in the text.
 */
final class Arithmetic {

	/** Longest expression accepted: the model should not send novels to a calculator. */
	static final int MAX_LENGTH = 10_000;

	/** Deepest nesting of parentheses and signs, so a hostile input cannot overflow the stack. */
	static final int MAX_DEPTH = 200;

	private static final MathContext PRECISION = MathContext.DECIMAL128;

	private final String text;

	private int pos;

	private int depth;

	private Arithmetic(String text) {
		this.text = text;
	}

	/** The value of the expression, or an {@link InvalidExpressionException} saying what is wrong and where. */
	static BigDecimal evaluate(String expression) {
		if (expression.length() > MAX_LENGTH) {
			throw new InvalidExpressionException("expression is longer than " + MAX_LENGTH + " characters");
		}
		Arithmetic parser = new Arithmetic(expression);
		parser.skipSpaces();
		if (parser.atEnd()) {
			throw new InvalidExpressionException("empty expression");
		}
		BigDecimal value = parser.expression();
		if (!parser.atEnd()) {
			throw parser.unexpected();
		}
		BigDecimal stripped = value.stripTrailingZeros();
		// stripTrailingZeros turns 100 into 1E+2; keep whole numbers whole.
		return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
	}

	private BigDecimal expression() {
		BigDecimal value = term();
		while (true) {
			if (accept('+')) {
				value = value.add(term(), PRECISION);
			}
			else if (accept('-')) {
				value = value.subtract(term(), PRECISION);
			}
			else {
				return value;
			}
		}
	}

	private BigDecimal term() {
		BigDecimal value = factor();
		while (true) {
			if (accept('*')) {
				value = value.multiply(factor(), PRECISION);
			}
			else if (accept('/')) {
				int at = pos;
				BigDecimal divisor = factor();
				if (divisor.signum() == 0) {
					throw new InvalidExpressionException("division by zero at position " + (at + 1));
				}
				value = value.divide(divisor, PRECISION);
			}
			else {
				return value;
			}
		}
	}

	private BigDecimal factor() {
		if (++depth > MAX_DEPTH) {
			throw new InvalidExpressionException("expression is nested deeper than " + MAX_DEPTH + " levels");
		}
		try {
			if (accept('-')) {
				return factor().negate();
			}
			if (accept('+')) {
				return factor();
			}
			if (accept('(')) {
				BigDecimal value = expression();
				if (!accept(')')) {
					throw atEnd() ? new InvalidExpressionException("missing ')' at the end") : unexpected();
				}
				return value;
			}
			return number();
		}
		finally {
			depth--;
		}
	}

	private BigDecimal number() {
		int start = pos;
		// ASCII digits only: Character.isDigit would let other scripts' digits in, which BigDecimal then reads.
		while (pos < text.length() && ((text.charAt(pos) >= '0' && text.charAt(pos) <= '9') || text.charAt(pos) == '.')) {
			pos++;
		}
		String digits = text.substring(start, pos);
		if (digits.isEmpty()) {
			throw atEnd() ? new InvalidExpressionException("expression ends where a number was expected") : unexpected();
		}
		if (!digits.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
			throw new InvalidExpressionException("'" + digits + "' at position " + (start + 1) + " is not a number");
		}
		skipSpaces();
		return new BigDecimal(digits);
	}

	private boolean accept(char c) {
		if (pos < text.length() && text.charAt(pos) == c) {
			pos++;
			skipSpaces();
			return true;
		}
		return false;
	}

	private void skipSpaces() {
		while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
			pos++;
		}
	}

	private boolean atEnd() {
		return pos >= text.length();
	}

	private InvalidExpressionException unexpected() {
		return new InvalidExpressionException("unexpected '" + text.charAt(pos) + "' at position " + (pos + 1)
				+ ": only numbers, + - * / and parentheses are allowed");
	}

	/** The expression is not arithmetic this evaluator understands; the message says why, for the model. */
	static final class InvalidExpressionException extends RuntimeException {

		InvalidExpressionException(String message) {
			super(message);
		}
	}
}
