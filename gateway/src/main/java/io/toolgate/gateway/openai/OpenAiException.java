package io.toolgate.gateway.openai;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/** An error the gateway answers in OpenAI's shape, with the status, type, param and code to send. */
public class OpenAiException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String param;

	private final String code;

	private final Duration retryAfter;

	public OpenAiException(HttpStatus status, String type, String message, String param, String code,
			Duration retryAfter) {
		super(message);
		this.status = status;
		this.type = type;
		this.param = param;
		this.code = code;
		this.retryAfter = retryAfter;
	}

	public static OpenAiException invalidRequest(String message, String param) {
		return new OpenAiException(HttpStatus.BAD_REQUEST, "invalid_request_error", message, param, null, null);
	}

	public static OpenAiException invalidRequest(String message, String param, String code) {
		return new OpenAiException(HttpStatus.BAD_REQUEST, "invalid_request_error", message, param, code, null);
	}

	public static OpenAiException modelNotFound(String model) {
		return new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error",
				"The model '" + model + "' does not exist or is not served by any configured upstream; "
						+ "GET /v1/models lists the models available.",
				"model", "model_not_found", null);
	}

	public HttpStatus status() {
		return status;
	}

	public String type() {
		return type;
	}

	public String param() {
		return param;
	}

	public String code() {
		return code;
	}

	public Duration retryAfter() {
		return retryAfter;
	}
}
