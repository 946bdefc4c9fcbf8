package io.toolgate.gateway.openai.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error body: all four keys are always present; {@code param} and {@code code} may be null. */
public record ErrorResponse(Error error) {

	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record Error(String message, String type, String param, String code) {
	}
}
