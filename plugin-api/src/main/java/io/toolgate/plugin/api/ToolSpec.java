package io.toolgate.plugin.api;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The description of a tool that the model and the gateway see.
 *
 * @param name unique tool name: 1 to 64 letters, digits, {@code _} or {@code -} (as OpenAI requires)
 * @param description what the tool does, for the model
 * @param parametersSchema JSON schema (a JSON object, as text) of the call's arguments
 * @param defaultApproval whether calls need approval unless the operator configures otherwise
 * @param timeout longest time one call may run
 */
public record ToolSpec(String name, String description, String parametersSchema, ApprovalMode defaultApproval,
		Duration timeout) {

	private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

	/** Checks the fields; a bad spec is reported when the plugin loads. */
	public ToolSpec {
		Objects.requireNonNull(name, "name");
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("tool name '" + name + "' must be 1 to 64 letters, digits, _ or -");
		}
		description = description == null ? "" : description;
		parametersSchema = parametersSchema == null || parametersSchema.isBlank()
				? "{\"type\":\"object\",\"properties\":{}}" : parametersSchema;
		defaultApproval = defaultApproval == null ? ApprovalMode.NEVER : defaultApproval;
		timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("tool timeout must be positive");
		}
	}

	/** A spec with no approval and a 60-second timeout. */
	public static ToolSpec of(String name, String description, String parametersSchema) {
		return new ToolSpec(name, description, parametersSchema, ApprovalMode.NEVER, Duration.ofSeconds(60));
	}
}
