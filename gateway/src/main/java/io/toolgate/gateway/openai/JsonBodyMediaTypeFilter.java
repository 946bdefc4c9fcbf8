package io.toolgate.gateway.openai;

import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Request bodies are JSON, except uploads ({@code multipart/form-data}, which their endpoints read and check
 * themselves). A body declared as anything else ({@code text/plain}, a form, bytes) is refused with an OpenAI
 * 415 before any endpoint parses it as JSON anyway. A body without a Content-Type is read as JSON, as clients
 * that omit it mean.
 */
@Component
public class JsonBodyMediaTypeFilter implements WebFilter {

	private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		var request = exchange.getRequest();
		String declared = request.getHeaders().getFirst("Content-Type");
		if (!WITH_BODY.contains(request.getMethod()) || declared == null || request.getHeaders().getContentLength() == 0) {
			return chain.filter(exchange);
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(declared);
		}
		catch (InvalidMediaTypeException e) {
			return Mono.error(refused("The Content-Type '" + declared + "' is not a valid media type."));
		}
		if (MediaType.APPLICATION_JSON.isCompatibleWith(type) || "json".equalsIgnoreCase(type.getSubtypeSuffix())
				|| MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
			return chain.filter(exchange);
		}
		return Mono.error(refused("The request body must be JSON (Content-Type: application/json), not "
				+ type.getType() + "/" + type.getSubtype() + "."));
	}

	private static OpenAiException refused(String message) {
		return new OpenAiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request_error", message, null,
				"unsupported_media_type", null);
	}
}
