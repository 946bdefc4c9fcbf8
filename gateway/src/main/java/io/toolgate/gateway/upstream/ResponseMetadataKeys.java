package io.toolgate.gateway.upstream;

/**
 * Metadata keys under which upstream models leave OpenAI details that Spring AI has no field for, so the
 * API layer can pass them through.
 */
public final class ResponseMetadataKeys {

	/** Generation metadata: the choice index (for {@code n > 1}). */
	public static final String CHOICE_INDEX = "toolgate.choice-index";

	/** Generation metadata: the choice's raw {@code logprobs} object. */
	public static final String LOGPROBS = "toolgate.logprobs";

	/** Generation metadata: the assistant's refusal text. */
	public static final String REFUSAL = "toolgate.refusal";

	/** Response metadata: {@code system_fingerprint}. */
	public static final String SYSTEM_FINGERPRINT = "toolgate.system-fingerprint";

	/** Response metadata: {@code service_tier}. */
	public static final String SERVICE_TIER = "toolgate.service-tier";

	private ResponseMetadataKeys() {
	}
}
