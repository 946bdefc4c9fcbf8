package io.toolgate.gateway.approval;

import reactor.core.publisher.Mono;

import io.toolgate.gateway.openai.wire.ChatCompletion;

/**
 * Continues a turn whose approval was decided while no request was waiting for it (a non-streaming request
 * that returned at once, or any request after a restart). Implemented by the tool loop.
 */
public interface TurnResumption {

	/** The continued turn's completion (which may itself stop at the next pending approval). */
	Mono<ChatCompletion> resume(String turnId, String approveUrl);
}
