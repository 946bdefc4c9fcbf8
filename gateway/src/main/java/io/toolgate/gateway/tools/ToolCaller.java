package io.toolgate.gateway.tools;

/**
 * Who a tool call runs for: the turn it belongs to, the user and session, and the model the turn talks to
 * (the default model of the model-client host service).
 *
 * @param turnId the tool turn's id
 * @param userId the calling user's id
 * @param username the calling user's name
 * @param sessionId the chat session, or null
 * @param model the model the turn's upstream serves it with, or null
 */
public record ToolCaller(String turnId, String userId, String username, String sessionId, String model) {
}
