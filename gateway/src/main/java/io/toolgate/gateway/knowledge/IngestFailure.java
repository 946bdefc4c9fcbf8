package io.toolgate.gateway.knowledge;

/**
 * Why a file could not be added to a collection, with the code OpenAI's vector store files report in
 * {@code last_error.code}: {@code unsupported_file}, {@code invalid_file} or {@code server_error}.
 */
public class IngestFailure extends RuntimeException {

	private final String code;

	public IngestFailure(String code, String message) {
		super(message);
		this.code = code;
	}

	public IngestFailure(String code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	public String code() {
		return code;
	}

	static IngestFailure unsupported(String message) {
		return new IngestFailure("unsupported_file", message);
	}

	static IngestFailure invalid(String message, Throwable cause) {
		return new IngestFailure("invalid_file", message, cause);
	}
}
