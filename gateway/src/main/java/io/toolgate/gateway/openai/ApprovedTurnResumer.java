package io.toolgate.gateway.openai;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.approval.TurnResumption;
import io.toolgate.gateway.conversation.ToolLoop;
import io.toolgate.gateway.conversation.TurnRecorder;
import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.identity.Role;
import io.toolgate.gateway.openai.wire.ChatCompletion;

/**
 * Continues a decided turn that no request waits for, from its persisted state, and answers with the
 * continued completion (which may stop at the next pending approval).
 */
@Component
public class ApprovedTurnResumer implements TurnResumption {

	private final ToolLoop loop;

	private final TurnRenderer renderer;

	private final TurnRecorder recorder;

	public ApprovedTurnResumer(ToolLoop loop, TurnRenderer renderer, TurnRecorder recorder) {
		this.loop = loop;
		this.renderer = renderer;
		this.recorder = recorder;
	}

	@Override
	public Mono<ChatCompletion> resume(String turnId, String approveUrl) {
		return loop.claim(turnId).flatMap(state -> {
			// The turn is recorded as its owner's, whoever approved it.
			CurrentUser owner = new CurrentUser(state.userId(), state.username(), Role.USER, state.apiKeyId());
			TurnRecorder.TurnContext context = new TurnRecorder.TurnContext(owner, state.sessionId(),
					state.request().messages(), state.request().model());
			return renderer.completion(recorder.recordLoop(context, loop.run(state, false)),
					ChatCompletionService.target(state.request(), state, approveUrl));
		});
	}
}
