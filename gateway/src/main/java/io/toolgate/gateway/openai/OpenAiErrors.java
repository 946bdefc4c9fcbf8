package io.toolgate.gateway.openai;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import io.toolgate.gateway.disk.DataDiskFullException;
import io.toolgate.gateway.disk.DiskFullFailures;
import io.toolgate.gateway.openai.wire.ErrorResponse;
import io.toolgate.gateway.upstream.UnsupportedParameterException;
import io.toolgate.gateway.upstream.UpstreamException;

/**
 * Maps any failure to the OpenAI error the client sees. Upstream failures become 502 (bad answer), 503
 * (unreachable, paused, or the upstream's own 503, with its Retry-After), 429 (the upstream's, with its
 * Retry-After) or 504 (timeout) with a message naming the upstream; the client's own mistakes
 * are 4xx. Unexpected failures are logged and answered without internals.
 */
@Component
public class OpenAiErrors {

	private static final Logger log = LoggerFactory.getLogger(OpenAiErrors.class);

	public OpenAiException toOpenAi(Throwable error) {
		if (error instanceof OpenAiException known) {
			return known;
		}
		if (DiskFullFailures.named(error) instanceof DataDiskFullException full) {
			if (full != error) {
				log.warn("a write failed for lack of disk space: {}", error.toString());
			}
			return new OpenAiException(HttpStatus.INSUFFICIENT_STORAGE, "server_error", full.getMessage(), null,
					"insufficient_storage", null);
		}
		if (error instanceof UnsupportedParameterException unsupported) {
			return OpenAiException.invalidRequest(unsupported.getMessage(), unsupported.param(), unsupported.code());
		}
		if (error instanceof io.toolgate.gateway.upstream.ChatCaller.UnknownModelException unknown) {
			return OpenAiException.modelNotFound(unknown.model());
		}
		if (error instanceof UpstreamException upstream) {
			return fromUpstream(upstream);
		}
		if (error instanceof DataBufferLimitException) {
			return new OpenAiException(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request_error",
					"The request body is too large.", null, "request_too_large", null);
		}
		if (error instanceof MethodNotAllowedException notAllowed) {
			return new OpenAiException(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request_error",
					"Method " + notAllowed.getHttpMethod() + " is not allowed here.", null, "method_not_allowed", null);
		}
		if (error instanceof UnsupportedMediaTypeStatusException) {
			return OpenAiException.invalidRequest("The request body must be JSON (Content-Type: application/json).",
					null, "unsupported_media_type");
		}
		if (error instanceof DecodingException malformed) {
			// A body Spring's codecs could not decode (a multipart body cut short, a wrong boundary): the client's.
			return OpenAiException.invalidRequest("The request body is malformed: " + malformed.getMessage(), null,
					"invalid_body");
		}
		if (error instanceof ServerWebInputException input) {
			return OpenAiException.invalidRequest(input.getReason() == null ? "Invalid request." : input.getReason(),
					null);
		}
		if (error instanceof ResponseStatusException status) {
			HttpStatus code = HttpStatus.valueOf(status.getStatusCode().value());
			String message = code == HttpStatus.NOT_FOUND ? "Unknown request URL. Check the path and method."
					: status.getReason() == null ? code.getReasonPhrase() : status.getReason();
			return new OpenAiException(code, code.is5xxServerError() ? "server_error" : "invalid_request_error",
					message, null, code == HttpStatus.NOT_FOUND ? "unknown_url" : null, null);
		}
		log.error("unexpected failure", error);
		return new OpenAiException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error",
				"The gateway failed to process the request (" + error.getClass().getSimpleName()
						+ "). The error has been logged.",
				null, null, null);
	}

	private static OpenAiException fromUpstream(UpstreamException upstream) {
		String message = upstream.getMessage();
		return switch (upstream.kind()) {
			case TIMEOUT -> new OpenAiException(HttpStatus.GATEWAY_TIMEOUT, "upstream_error", message
					+ ". Try again, or raise toolgate.routing.response-timeout for slow models.", null,
					"upstream_timeout", null);
			case UNREACHABLE, CIRCUIT_OPEN -> new OpenAiException(HttpStatus.SERVICE_UNAVAILABLE, "upstream_error",
					message, null, "upstream_unavailable", Duration.ofSeconds(5));
			case MODEL_UNAVAILABLE -> new OpenAiException(HttpStatus.SERVICE_UNAVAILABLE, "upstream_error", message, "model",
					"model_unavailable", null);
			case PROTOCOL -> new OpenAiException(HttpStatus.BAD_GATEWAY, "upstream_error", message, null,
					"upstream_error", null);
			case STATUS -> fromUpstreamStatus(upstream);
		};
	}

	private static OpenAiException fromUpstreamStatus(UpstreamException upstream) {
		int status = upstream.status();
		String message = upstream.getMessage();
		if (status == 429) {
			return new OpenAiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", message, null,
					"rate_limit_exceeded", upstream.retryAfter() != null ? upstream.retryAfter() : Duration.ofSeconds(1));
		}
		if (status == 503) {
			// Overloaded or starting: the client may come back, and the upstream's Retry-After says when.
			return new OpenAiException(HttpStatus.SERVICE_UNAVAILABLE, "upstream_error", message, null,
					"upstream_unavailable", upstream.retryAfter() != null ? upstream.retryAfter() : Duration.ofSeconds(5));
		}
		if (status == 404) {
			return new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error", message, "model",
					"model_not_found", null);
		}
		if (status == 401 || status == 403) {
			return new OpenAiException(HttpStatus.BAD_GATEWAY, "upstream_error", message
					+ " (the upstream rejected the gateway's credentials: check its api-key in toolgate.upstreams)",
					null, "upstream_auth_failed", null);
		}
		if (status >= 400 && status < 500) {
			return new OpenAiException(HttpStatus.BAD_REQUEST, "invalid_request_error", message, null, null, null);
		}
		return new OpenAiException(HttpStatus.BAD_GATEWAY, "upstream_error", message, null, "upstream_error", null);
	}

	public ErrorResponse body(OpenAiException error) {
		return new ErrorResponse(new ErrorResponse.Error(error.getMessage(), error.type(), error.param(), error.code()));
	}
}
