package io.toolgate.gateway.identity;

/** Who a user is at an external issuer: the token's {@code iss} and {@code sub}, which that issuer keeps stable. */
public record ExternalIdentity(String issuer, String subject) {
}
