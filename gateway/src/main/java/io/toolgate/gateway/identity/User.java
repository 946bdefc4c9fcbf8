package io.toolgate.gateway.identity;

import java.util.Objects;

/**
 * A stored user. {@code passwordHash} is null for users who sign in only with keys or external tokens.
 *
 * @param externalIdentity the issuer's (iss, sub) of a user provisioned from an external token; null for local
 * users
 * @param tokenVersion raised whenever the credentials change; the gateway's tokens carry the version they were
 * issued at and are refused once it is raised
 */
public record User(String id, String username, String passwordHash, Role role, boolean disabled, boolean external,
		long createdAt, ExternalIdentity externalIdentity, long tokenVersion) {

	/** A new local user: signs in with a password (if any) or API keys. */
	static User local(String id, String username, String passwordHash, Role role, long createdAt) {
		return new User(id, username, passwordHash, role, false, false, createdAt, null, 0);
	}

	/** A new user known through an external issuer's tokens. */
	static User external(String id, String username, ExternalIdentity identity, Role role, long createdAt) {
		return new User(id, username, null, role, false, true, createdAt, identity, 0);
	}

	/**
	 * This user with new credentials. A new password, another role or disabling raises the token version, so
	 * tokens issued before stop working (enabling again does not bring them back).
	 */
	User withCredentials(String newPasswordHash, Role newRole, boolean newDisabled) {
		boolean revoke = !Objects.equals(newPasswordHash, passwordHash) || newRole != role || (newDisabled && !disabled);
		return new User(id, username, newPasswordHash, newRole, newDisabled, external, createdAt, externalIdentity,
				revoke ? tokenVersion + 1 : tokenVersion);
	}
}
