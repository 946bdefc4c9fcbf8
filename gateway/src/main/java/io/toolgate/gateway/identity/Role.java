package io.toolgate.gateway.identity;

import java.util.Locale;

/** What a user may do: admins manage users and keys and see everything; users see their own things. */
public enum Role {

	ADMIN, USER;

	public String dbValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Role fromDb(String value) {
		return Role.valueOf(value.toUpperCase(Locale.ROOT));
	}
}
