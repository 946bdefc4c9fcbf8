package io.toolgate.gateway.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which container a command runs in: the user's (persistent mode), or the user's for one session, and whether
 * it has network access (a separate container, since a container's network is fixed when it is created).
 *
 * @param userId the owner
 * @param sessionId the session in per-session mode, "" in persistent mode
 * @param network whether the container is attached to a network
 */
record ContainerKey(String userId, String sessionId, boolean network) {

	ContainerKey {
		sessionId = sessionId == null ? "" : sessionId;
	}

	/** A Docker name unique per gateway home (data directory), user, session and network. */
	String containerName(String home) {
		StringBuilder name = new StringBuilder("toolgate-sbx-").append(home).append('-').append(shortHash(userId));
		if (!sessionId.isEmpty()) {
			name.append("-s").append(shortHash(sessionId));
		}
		return network ? name.append("-net").toString() : name.toString();
	}

	static String shortHash(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
