package io.toolgate.gateway.approval;

import java.time.Duration;

import org.springframework.http.HttpStatus;

import io.toolgate.gateway.openai.OpenAiException;

/**
 * Ends a request that waits for an approval when the gateway stops. The approval stays pending and survives
 * the restart; the message tells the client how to continue.
 */
public class GatewayRestartingException extends OpenAiException {

	public GatewayRestartingException(String approvalId) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "The gateway is restarting, so this request stops"
				+ " waiting. The approval '" + approvalId + "' stays pending and survives the restart: once the gateway"
				+ " is back, decide it with POST /approve {\"request_id\": \"" + approvalId + "\", \"approve\": true|false};"
				+ " the turn then continues from where it stopped, /approve answers with its continuation, and a"
				+ " session's history receives it.", null, "gateway_restarting", Duration.ofSeconds(5));
	}
}
