package io.toolgate.gateway.approval;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.toolgate.plugin.api.ApprovalMode;

/**
 * An approval rule for one tool, as configured per tool ({@code toolgate.tools.<tool>.approval}) or per agent
 * profile. {@code allow} lists argument rules: a call whose arguments match any of them runs without asking
 * even when {@code mode} is {@code always} (e.g. terminal commands on an allow-list).
 *
 * @param mode never or always; null keeps the less specific level's mode
 * @param allow argument rules that let a call run without asking
 */
public record ApprovalRule(ApprovalMode mode, List<ArgumentMatch> allow) {

	public ApprovalRule {
		allow = allow == null ? List.of() : List.copyOf(allow);
	}

	/**
	 * A call matches when the string value of {@code argument} matches the regular expression entirely (and,
	 * with {@code noShellSyntax}, contains none of the characters a shell would read as more than one plain
	 * command, so that an allow-listed {@code ls .*} cannot also run {@code ls; rm -rf ~}).
	 *
	 * @param argument the argument's name
	 * @param matches a Java regular expression
	 * @param noShellSyntax whether values with shell operators, substitutions or redirections never match
	 */
	public record ArgumentMatch(String argument, String matches, boolean noShellSyntax) {

		/** Characters that chain, substitute, redirect, group or escape in sh. */
		private static final Pattern SHELL_SYNTAX = Pattern.compile("[;&|$`<>(){}\\\\\n\r*?\\[\\]~!#'\"]");

		boolean test(Map<String, Object> arguments) {
			return arguments.get(argument) instanceof String value && Pattern.compile(matches).matcher(value).matches()
					&& !(noShellSyntax && SHELL_SYNTAX.matcher(value).find());
		}
	}

	boolean allows(Map<String, Object> arguments) {
		return allow.stream().anyMatch(rule -> rule.test(arguments));
	}
}
