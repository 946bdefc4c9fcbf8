package io.toolgate.gateway.openai;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/** Parses a JSON request body into a wire record, answering malformed input as OpenAI does (400 with the param). */
@Component
public class RequestBodyReader {

	private final JsonMapper json;

	public RequestBodyReader(JsonMapper json) {
		this.json = json;
	}

	public <T> T read(byte[] body, Class<T> type) {
		if (body == null || body.length == 0) {
			throw OpenAiException.invalidRequest(
					"The request body is empty; send a JSON object (Content-Type: application/json).", null);
		}
		try {
			// A decimal where an integer belongs (max_tokens: 2.5) is refused, as OpenAI does, not silently truncated.
			T value = json.readerFor(type).without(DeserializationFeature.ACCEPT_FLOAT_AS_INT).readValue(body);
			if (value == null) {
				throw OpenAiException.invalidRequest("The request body must be a JSON object.", null);
			}
			return value;
		}
		catch (StreamReadException malformed) {
			throw OpenAiException.invalidRequest("We could not parse the JSON body of your request: "
					+ malformed.getOriginalMessage(), null, "invalid_json");
		}
		catch (DatabindException mismatch) {
			String param = mismatch.getPathReference() == null ? null : path(mismatch);
			throw OpenAiException.invalidRequest("Invalid type for '" + param + "': " + expected(mismatch), param,
					"invalid_type");
		}
		catch (JacksonException other) {
			throw OpenAiException.invalidRequest("Invalid request body: " + other.getOriginalMessage(), null);
		}
	}

	/** OpenAI's wording for an integer field given a decimal; Jackson's own message otherwise. */
	private static String expected(DatabindException mismatch) {
		if (mismatch instanceof MismatchedInputException input && input.getTargetType() != null) {
			Class<?> target = input.getTargetType();
			boolean integral = target == Integer.class || target == int.class || target == Long.class
					|| target == long.class;
			if (integral && mismatch.getOriginalMessage().contains("Floating-point")) {
				return "expected an integer, but got a decimal number instead.";
			}
		}
		return mismatch.getOriginalMessage();
	}

	/** Jackson's path as OpenAI writes params: {@code messages[0].content}. */
	private static String path(DatabindException error) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference ref : error.getPath()) {
			if (ref.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				path.append('[').append(ref.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? null : path.toString();
	}
}
