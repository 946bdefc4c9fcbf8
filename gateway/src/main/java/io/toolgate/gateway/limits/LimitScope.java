package io.toolgate.gateway.limits;

/** What a limit is set on: an API key, a user (all their keys and tokens together), or a model (all callers). */
public enum LimitScope {

	KEY("key", "api_key_id"), USER("user", "user_id"), MODEL("model", "model");

	private final String wire;

	private final String usageColumn;

	LimitScope(String wire, String usageColumn) {
		this.wire = wire;
		this.usageColumn = usageColumn;
	}

	/** The scope as stored and as metrics label it. */
	public String wire() {
		return wire;
	}

	/** The usage_records column that names this scope's subject. */
	String usageColumn() {
		return usageColumn;
	}
}
