package io.toolgate.gateway.identity;

/**
 * The authenticated caller of a request.
 *
 * @param apiKeyId the key used, or null for a bearer token
 */
public record CurrentUser(String id, String username, Role role, String apiKeyId) {

	public boolean admin() {
		return role == Role.ADMIN;
	}

	/** Whether this caller may see or change things owned by {@code ownerId}. */
	public boolean mayAccess(String ownerId) {
		return admin() || id.equals(ownerId);
	}
}
