package io.toolgate.gateway.conversation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import io.toolgate.gateway.approval.Approval;
import io.toolgate.gateway.approval.ApprovalGate;
import io.toolgate.gateway.approval.ApprovalPolicy;
import io.toolgate.gateway.approval.ApprovalRule;
import io.toolgate.gateway.approval.Decision;
import io.toolgate.gateway.approval.GatewayRestartingException;
import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.openai.wire.ToolCall;
import io.toolgate.gateway.openai.wire.ToolDefinition;
import io.toolgate.gateway.openai.wire.Usage;
import io.toolgate.gateway.tools.RegisteredTool;
import io.toolgate.gateway.tools.ToolCaller;
import io.toolgate.gateway.tools.ToolInvoker;
import io.toolgate.gateway.tools.ToolProperties;
import io.toolgate.gateway.tools.ToolRegistry;
import io.toolgate.gateway.upstream.ChatCaller;

/**
 * The tool loop: one turn is a model call, the server-side tool calls it asks for (each gated by the
 * approval policy), their results appended, and again, until the model answers without server tools or the
 * step limit is reached (then the model answers without tools). Client tool calls go back to the client.
 * A call that needs approval persists the turn first, so a decision after a restart resumes it.
 */
@Service
public class ToolLoop {

	private final ChatCaller models;

	private final ToolRegistry registry;

	private final ToolInvoker invoker;

	private final ApprovalPolicy policy;

	private final ApprovalGate gate;

	private final TurnStateRepository turns;

	private final ConversationProperties properties;

	private final ToolProperties toolProperties;

	private final JsonMapper json;

	private final Clock clock;

	private final io.toolgate.gateway.tools.ArgumentValidator validator;

	private final TurnLease lease;

	public ToolLoop(ChatCaller models, ToolRegistry registry, ToolInvoker invoker, ApprovalPolicy policy, ApprovalGate gate,
			TurnStateRepository turns, ConversationProperties properties, ToolProperties toolProperties, JsonMapper json,
			Clock clock, io.toolgate.gateway.tools.ArgumentValidator validator, TurnLease lease) {
		this.validator = validator;
		this.lease = lease;
		this.models = models;
		this.registry = registry;
		this.invoker = invoker;
		this.policy = policy;
		this.gate = gate;
		this.turns = turns;
		this.properties = properties;
		this.toolProperties = toolProperties;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Runs a turn (or continues one loaded from the database).
	 * @param waitForApproval hold at a pending approval until it is decided; otherwise stop there with
	 * {@link TurnEvent.AwaitingApproval}
	 */
	public Flux<TurnEvent> run(TurnState state, boolean waitForApproval) {
		Turn turn = new Turn(state, waitForApproval);
		String owner = lease.owner();
		return Flux.defer(() -> state.pendingCalls().isEmpty() ? modelStep(turn) : toolStep(turn))
			.concatWith(Flux.defer(() -> turn.persisted ? turns.finish(turn.state.id(), turn.finished ? "done" : "waiting",
					owner, null, clock.millis()).then(Mono.empty()) : Mono.empty()))
			.onErrorResume(error -> {
				if (!turn.persisted) {
					return Mono.error(error);
				}
				if (error instanceof GatewayRestartingException) {
					// The approval stays pending: whoever decides it after the restart continues the turn.
					return turns.release(turn.state.id(), owner, null, clock.millis()).then(Mono.error(error));
				}
				return turns.finish(turn.state.id(), "failed", owner, failure(error), clock.millis())
					.then(Mono.error(error));
			})
			.doOnCancel(() -> {
				if (turn.persisted) {
					turns.release(turn.state.id(), owner, "The client went away while the turn ran.", clock.millis())
						.subscribe(null, e -> { });
				}
			});
	}

	private static String failure(Throwable error) {
		String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
		return message.length() > 1000 ? message.substring(0, 1000) : message;
	}

	/**
	 * Claims a waiting turn for this instance and loads it; empty when another instance holds it or it is not
	 * waiting (already resumed or finished). Of any number of callers on any number of instances, one gets it.
	 */
	public Mono<TurnState> claim(String turnId) {
		long now = clock.millis();
		return turns.claim(turnId, lease.owner(), now, lease.until(now))
			.flatMap(claimed -> claimed ? turns.load(turnId) : Mono.empty());
	}

	private Flux<TurnEvent> modelStep(Turn turn) {
		TurnState state = turn.state;
		boolean toolsAllowed = state.step() < state.maxSteps();
		var request = state.request().forModelCall(state.upstreamModel(), state.conversation(),
				toolsAllowed ? serverToolDefinitions(state.serverTools()) : List.of());
		ModelAnswer answer = new ModelAnswer();
		return models.stream(request)
			.concatMapIterable(answer::add)
			.concatWith(Flux.defer(() -> afterModel(turn, answer)));
	}

	private List<ToolDefinition> serverToolDefinitions(List<String> names) {
		List<ToolDefinition> definitions = new ArrayList<>();
		for (String name : names) {
			registry.find(name).ifPresent(tool -> definitions.add(new ToolDefinition("function",
					new ToolDefinition.FunctionDefinition(tool.name(), tool.spec().description(),
							json.readTree(tool.spec().parametersSchema()), null),
					null)));
		}
		return definitions;
	}

	private Flux<TurnEvent> afterModel(Turn turn, ModelAnswer answer) {
		TurnState state = turn.state;
		Usage usage = add(state.usage(), answer.usage);
		List<ToolCall> server = new ArrayList<>();
		List<ToolCall> client = new ArrayList<>();
		java.util.Set<String> clientFunctions = new java.util.HashSet<>();
		if (state.request().tools() != null) {
			state.request().tools().stream().filter(ToolDefinition::clientFunction)
				.forEach(tool -> clientFunctions.add(tool.function().name()));
		}
		for (ToolCall call : answer.toolCalls) {
			// A call of a tool nobody offered is answered here with an error the model can read.
			(clientFunctions.contains(call.function().name()) && !state.serverTools().contains(call.function().name())
					? client : server).add(call);
		}
		if (!server.isEmpty() && state.step() >= state.maxSteps()) {
			// The model was offered no tools at the step limit but called some anyway: end the turn here.
			turn.state = state.withStep(state.conversation(), state.generated(), state.step(), List.of(), List.of(),
					List.of(), null, usage);
			turn.finished = true;
			return Flux.just(new TurnEvent.Generated(state.generated()), new TurnEvent.Finished("length", usage));
		}
		if (server.isEmpty()) {
			turn.state = state.withStep(state.conversation(), state.generated(), state.step(), List.of(), List.of(), List.of(),
					null, usage);
			turn.finished = true;
			List<TurnEvent> end = new ArrayList<>();
			end.add(new TurnEvent.Generated(state.generated()));
			if (!client.isEmpty()) {
				end.add(new TurnEvent.ClientToolCalls(client));
				end.add(new TurnEvent.Finished("tool_calls", usage));
			}
			else {
				end.add(new TurnEvent.Finished(answer.finishReason == null ? "stop" : answer.finishReason, usage));
			}
			return Flux.fromIterable(end);
		}
		ChatMessage assistant = new ChatMessage("assistant",
				answer.text.isEmpty() ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.stringNode(answer.text.toString()),
				null, server, null, null);
		turn.state = state.withStep(append(state.conversation(), assistant), append(state.generated(), assistant),
				state.step() + 1, server, List.of(), client, null, usage);
		return toolStep(turn);
	}

	/** Runs the current step's calls: those needing no decision at once (in parallel), then the gated ones in order. */
	private Flux<TurnEvent> toolStep(Turn turn) {
		if (turn.state.waitingApprovalId() != null) {
			// Resumed at an approval: the calls that needed none ran before it was opened.
			return gatedCalls(turn);
		}
		List<ToolCall> free = new ArrayList<>();
		for (ToolCall call : turn.state.pendingCalls()) {
			if (!needsApproval(turn, call)) {
				free.add(call);
			}
		}
		return Flux.merge(Flux.fromIterable(free).map(call -> execute(turn, call)),
				toolProperties.toolExecution().maxParallel())
			.concatWith(Flux.defer(() -> gatedCalls(turn)));
	}

	private boolean needsApproval(Turn turn, ToolCall call) {
		if (!turn.state.serverTools().contains(call.function().name())) {
			return false; // not offered in this turn: answered as unavailable, never run, nobody asked
		}
		RegisteredTool tool = registry.find(call.function().name()).orElse(null);
		Map<String, Object> arguments = parse(call.function().arguments());
		if (tool == null || arguments == null || invalid(tool, call).isPresent()) {
			return false; // reported as an error result without running anything or asking anyone
		}
		return policy.needsApproval(tool, arguments, profileRule(turn.state, tool.name()));
	}

	private ApprovalRule profileRule(TurnState state, String tool) {
		AgentProfile profile = state.profile() == null ? null : properties.agents().get(state.profile());
		return profile == null ? null : profile.approval().get(tool);
	}

	private Flux<TurnEvent> gatedCalls(Turn turn) {
		TurnState state = turn.state;
		if (state.pendingCalls().isEmpty()) {
			return finishStep(turn);
		}
		ToolCall call = state.pendingCalls().get(0);
		if (state.waitingApprovalId() != null) {
			return resumeDecided(turn, call);
		}
		// The turn row exists before its approval (which references it), and then records what it waits for.
		// While a request here waits on it, this instance holds it; otherwise nobody does, and whoever decides
		// the approval continues it.
		turn.persisted = true;
		String owner = lease.owner();
		long now = clock.millis();
		return turns.save(state, "running", owner, lease.until(now), now)
			.then(gate.open(state.id(), state.userId(), state.sessionId(), call.function().name(), call.id(),
					call.function().arguments()))
			.flatMapMany(opened -> {
				turn.state = turn.state.withStep(state.conversation(), state.generated(), state.step(), state.pendingCalls(),
						state.results(), state.clientCalls(), opened.id(), state.usage());
				long at = clock.millis();
				Flux<TurnEvent> asked = turns.save(turn.state, "waiting", turn.waitForApproval ? owner : null,
						turn.waitForApproval ? lease.until(at) : null, at)
					.thenMany(Flux.just(new TurnEvent.ApprovalRequired(opened)));
				if (!turn.waitForApproval) {
					return asked.concatWith(Flux.just(new TurnEvent.AwaitingApproval(opened)));
				}
				// The decision may have been taken on any instance; the call runs only where the turn is claimed.
				return asked.concatWith(gate.await(opened).flatMapMany(decision -> {
					long claimedAt = clock.millis();
					return turns.claim(state.id(), owner, claimedAt, lease.until(claimedAt))
						.flatMapMany(won -> won ? decided(turn, call, decision)
								: Flux.error(continuedElsewhere(opened.id())));
				}));
			});
	}

	private static io.toolgate.gateway.openai.OpenAiException continuedElsewhere(String approvalId) {
		return new io.toolgate.gateway.openai.OpenAiException(org.springframework.http.HttpStatus.CONFLICT,
				"invalid_request_error", "The approval '" + approvalId + "' was decided and its turn is being continued"
						+ " by another gateway instance (this one had lost its hold on it); the continuation is recorded"
						+ " there, in the session's history if the request had one.",
				null, "turn_continued_elsewhere", null);
	}

	/**
	 * A resumed turn: the approval of its head call was decided while no request waited. The approval must
	 * be for exactly this call (tool, call id, SHA-256 of the arguments), or the call does not run.
	 */
	private Flux<TurnEvent> resumeDecided(Turn turn, ToolCall call) {
		turn.persisted = true;
		return gate.find(turn.state.waitingApprovalId()).flatMapMany(approval -> {
			boolean matches = approval.toolCallId().equals(call.id()) && approval.tool().equals(call.function().name())
					&& approval.argumentsSha256().equals(io.toolgate.gateway.identity.ApiKeyCodec.hash(call.function().arguments()));
			Decision decision = matches ? ApprovalGate.decisionOf(approval.asOf(clock.millis()))
					: new Decision(false, null, "its approval does not match the call's tool and arguments");
			return decided(turn, call, decision);
		});
	}

	private Flux<TurnEvent> decided(Turn turn, ToolCall call, Decision decision) {
		TurnState state = turn.state;
		turn.state = state.withStep(state.conversation(), state.generated(), state.step(), state.pendingCalls(),
				state.results(), state.clientCalls(), null, state.usage());
		Flux<TurnEvent> outcome = decision.approved() ? execute(turn, call) : deny(turn, call, decision);
		return outcome.concatWith(Flux.defer(() -> gatedCalls(turn)));
	}

	private Flux<TurnEvent> deny(Turn turn, ToolCall call, Decision decision) {
		String message = decision.denialMessage();
		Mono<Void> recorded = registry.find(call.function().name())
			.map(tool -> invoker.recordDenied(tool, toPluginCall(call), caller(turn.state)))
			.orElse(Mono.empty());
		return recorded.thenMany(Flux.defer(() -> {
			turn.complete(call, message);
			return Flux.just(new TurnEvent.ToolActivity(call.id(), call.function().name(), call.function().arguments(),
					"denied", message));
		}));
	}

	/** Runs one call (or reports why it cannot run) and records its result message in the turn. */
	private Flux<TurnEvent> execute(Turn turn, ToolCall call) {
		String name = call.function().name();
		if (!turn.state.serverTools().contains(name)) {
			return notOffered(turn, call);
		}
		RegisteredTool tool = registry.find(name).orElse(null);
		Map<String, Object> arguments = parse(call.function().arguments());
		java.util.Optional<String> invalid = tool == null || arguments == null ? java.util.Optional.empty()
				: invalid(tool, call);
		if (tool == null || arguments == null || invalid.isPresent()) {
			String message = tool == null ? "There is no tool named '" + name + "'; use only the tools offered."
					: arguments == null ? "The arguments of '" + name + "' are not a valid JSON object: " + call.function().arguments()
							: "The arguments of '" + name + "' do not match its parameters: " + invalid.get();
			return Flux.defer(() -> {
				turn.complete(call, message);
				return Flux.just(new TurnEvent.ToolActivity(call.id(), name, call.function().arguments(), "failed", message));
			});
		}
		TurnEvent running = new TurnEvent.ToolActivity(call.id(), name, call.function().arguments(), "running", null);
		return Flux.concat(Flux.just(running),
				invoker.invoke(tool, new io.toolgate.plugin.api.ToolCall(call.id(), name, arguments, call.function().arguments()),
						caller(turn.state), progress -> { })
					.map(outcome -> {
						turn.complete(call, outcome.result().content());
						return new TurnEvent.ToolActivity(call.id(), name, call.function().arguments(), outcome.outcome(),
								outcome.result().content(), outcome.artifacts());
					}));
	}

	/**
	 * A call of a tool this turn did not offer (a hallucination, or a prompt injection naming another installed
	 * tool): answered to the model as unavailable and recorded, never run, whatever its approval policy.
	 */
	private Flux<TurnEvent> notOffered(Turn turn, ToolCall call) {
		String name = call.function().name();
		String message = "The tool '" + name + "' is not available in this conversation; use only the tools offered"
				+ (turn.state.serverTools().isEmpty() ? "." : ": " + String.join(", ", turn.state.serverTools()) + ".");
		return invoker.recordNotOffered(name, registry.find(name).isPresent(), call.id(), call.function().arguments(),
				caller(turn.state))
			.onErrorResume(e -> Mono.empty())
			.thenMany(Flux.defer(() -> {
				turn.complete(call, message);
				return Flux.just(new TurnEvent.ToolActivity(call.id(), name, call.function().arguments(), "failed", message));
			}));
	}

	private java.util.Optional<String> invalid(RegisteredTool tool, ToolCall call) {
		return validator.problems(tool, json.readTree(call.function().arguments() == null || call.function().arguments().isBlank()
				? "{}" : call.function().arguments()));
	}

	private ToolCaller caller(TurnState state) {
		return new ToolCaller(state.id(), state.userId(), state.username(), state.sessionId(), state.upstreamModel());
	}

	private io.toolgate.plugin.api.ToolCall toPluginCall(ToolCall call) {
		Map<String, Object> arguments = parse(call.function().arguments());
		return new io.toolgate.plugin.api.ToolCall(call.id(), call.function().name(), arguments,
				call.function().arguments());
	}

	/** All calls of the step are done: append their results in the model's order and call the model again. */
	private Flux<TurnEvent> finishStep(Turn turn) {
		TurnState state = turn.state;
		List<ChatMessage> conversation = new ArrayList<>(state.conversation());
		List<ChatMessage> generated = new ArrayList<>(state.generated());
		conversation.addAll(state.results());
		generated.addAll(state.results());
		turn.state = state.withStep(conversation, generated, state.step(), List.of(), List.of(), state.clientCalls(), null,
				state.usage());
		if (!state.clientCalls().isEmpty()) {
			turn.finished = true;
			return Flux.just(new TurnEvent.Generated(turn.state.generated()),
					new TurnEvent.ClientToolCalls(state.clientCalls()), new TurnEvent.Finished("tool_calls", state.usage()));
		}
		return modelStep(turn);
	}

	private Map<String, Object> parse(String arguments) {
		try {
			JsonNode node = json.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
			if (!node.isObject()) {
				return null;
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> map = json.convertValue(node, Map.class);
			return map;
		}
		catch (JacksonException e) {
			return null;
		}
	}

	private static <T> List<T> append(List<T> list, T item) {
		List<T> copy = new ArrayList<>(list);
		copy.add(item);
		return copy;
	}

	static Usage add(Usage a, Usage b) {
		if (a == null) {
			return b;
		}
		if (b == null) {
			return a;
		}
		return Usage.of(a.promptTokens() + b.promptTokens(), a.completionTokens() + b.completionTokens());
	}

	/** The mutable progress of one turn; touched only at serialised points of its reactive chain. */
	private static final class Turn {

		volatile TurnState state;

		final boolean waitForApproval;

		volatile boolean persisted;

		volatile boolean finished;

		Turn(TurnState state, boolean waitForApproval) {
			this.state = state;
			this.waitForApproval = waitForApproval;
		}

		/** A call of the step finished with this result text (parallel calls finish concurrently). */
		synchronized void complete(ToolCall call, String content) {
			List<ToolCall> pending = new ArrayList<>(state.pendingCalls());
			pending.removeIf(p -> p.id().equals(call.id()));
			Map<String, ChatMessage> byId = new LinkedHashMap<>();
			for (ChatMessage result : state.results()) {
				byId.put(result.toolCallId(), result);
			}
			byId.put(call.id(), new ChatMessage("tool", JsonNodeFactory.instance.stringNode(content), null, null, call.id(), null));
			List<ChatMessage> ordered = new ArrayList<>();
			ChatMessage assistant = state.conversation().get(state.conversation().size() - 1);
			for (ToolCall asked : assistant.toolCalls()) {
				if (byId.containsKey(asked.id())) {
					ordered.add(byId.get(asked.id()));
				}
			}
			state = state.withStep(state.conversation(), state.generated(), state.step(), pending, ordered,
					state.clientCalls(), state.waitingApprovalId(), state.usage());
		}
	}

	/** One model call's answer, gathered while its text is relayed. */
	private static final class ModelAnswer {

		final StringBuilder text = new StringBuilder();

		final List<ToolCall> toolCalls = new ArrayList<>();

		String finishReason;

		Usage usage;

		List<TurnEvent> add(ChatResponse response) {
			List<TurnEvent> events = new ArrayList<>();
			if (response.getMetadata() != null && response.getMetadata().getUsage() != null
					&& response.getMetadata().getUsage().getTotalTokens() != null
					&& response.getMetadata().getUsage().getTotalTokens() > 0) {
				var reported = response.getMetadata().getUsage();
				usage = Usage.of(reported.getPromptTokens(), reported.getCompletionTokens());
			}
			for (Generation generation : response.getResults()) {
				AssistantMessage output = generation.getOutput();
				if (output.getText() != null && !output.getText().isEmpty()) {
					text.append(output.getText());
					events.add(new TurnEvent.Content(output.getText()));
				}
				for (AssistantMessage.ToolCall call : output.getToolCalls()) {
					String id = call.id() == null || call.id().isBlank() ? io.toolgate.gateway.openai.Ids.toolCallId() : call.id();
					toolCalls.add(ToolCall.function(id, call.name(), call.arguments() == null ? "{}" : call.arguments()));
				}
				String reason = generation.getMetadata().getFinishReason();
				if (reason != null) {
					finishReason = reason.toLowerCase(java.util.Locale.ROOT);
				}
			}
			return events;
		}
	}
}
