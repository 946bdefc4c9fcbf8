package io.toolgate.gateway.identity;

/**
 * Published when an admin disables a user: capabilities holding resources for the user (sandbox containers)
 * release them.
 *
 * @param userId the disabled user's id
 */
public record UserDisabled(String userId) {
}
