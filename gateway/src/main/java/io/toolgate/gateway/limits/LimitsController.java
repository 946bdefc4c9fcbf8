package io.toolgate.gateway.limits;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.identity.ApiKeyRepository;
import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.identity.UserRepository;
import io.toolgate.gateway.openai.OpenAiException;

/**
 * The admin API of limits: {@code GET /api/limits} (everything, models from configuration included), and
 * {@code GET}, {@code PUT} and {@code DELETE} on {@code /api/limits/keys/{key id}} and
 * {@code /api/limits/users/{user id}}. A PUT replaces the subject's limits; a field left out or null is no limit.
 */
@RestController
public class LimitsController {

	private static final Set<String> FIELDS = Set.of("requests_per_minute", "tokens_per_minute", "token_budget",
			"budget_period");

	private final LimitRepository repository;

	private final LimitTable table;

	private final LimitsProperties properties;

	private final ApiKeyRepository keys;

	private final UserRepository users;

	private final JsonMapper json;

	private final Clock clock;

	public LimitsController(LimitRepository repository, LimitTable table, LimitsProperties properties,
			ApiKeyRepository keys, UserRepository users, JsonMapper json, Clock clock) {
		this.repository = repository;
		this.table = table;
		this.properties = properties;
		this.keys = keys;
		this.users = users;
		this.json = json;
		this.clock = clock;
	}

	@GetMapping("/api/limits")
	public Map<String, Object> list(@AuthenticationPrincipal CurrentUser caller) {
		requireAdmin(caller);
		Map<String, Object> models = new LinkedHashMap<>();
		properties.models().forEach((model, spec) -> models.put(model, wire(spec)));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("keys", table.all().stream().filter(limit -> limit.scope() == LimitScope.KEY).map(this::wire).toList());
		answer.put("users", table.all().stream().filter(limit -> limit.scope() == LimitScope.USER).map(this::wire).toList());
		answer.put("models", models);
		answer.put("default_model", properties.defaultModel() == null ? null : wire(properties.defaultModel()));
		return answer;
	}

	@GetMapping("/api/limits/{scope}/{subject}")
	public Mono<Map<String, Object>> get(@AuthenticationPrincipal CurrentUser caller, @PathVariable String scope,
			@PathVariable String subject) {
		requireAdmin(caller);
		LimitScope limitScope = scope(scope);
		return exists(limitScope, subject).then(Mono.fromSupplier(() -> {
			StoredLimit limit = table.get(limitScope, subject);
			return wire(limit == null ? new StoredLimit(limitScope, subject, new LimitSpec(null, null, null, null), 0)
					: limit);
		}));
	}

	@PutMapping("/api/limits/{scope}/{subject}")
	public Mono<Map<String, Object>> put(@AuthenticationPrincipal CurrentUser caller, @PathVariable String scope,
			@PathVariable String subject, @RequestBody(required = false) byte[] body) {
		requireAdmin(caller);
		LimitScope limitScope = scope(scope);
		LimitSpec spec = parse(body);
		StoredLimit limit = new StoredLimit(limitScope, subject, spec, clock.millis());
		return exists(limitScope, subject).then(repository.save(limit)).doOnNext(table::put).map(this::wire);
	}

	@DeleteMapping("/api/limits/{scope}/{subject}")
	public Mono<Map<String, Object>> delete(@AuthenticationPrincipal CurrentUser caller, @PathVariable String scope,
			@PathVariable String subject) {
		requireAdmin(caller);
		LimitScope limitScope = scope(scope);
		return repository.delete(limitScope, subject).map(deleted -> {
			table.remove(limitScope, subject);
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("scope", limitScope.wire());
			answer.put("subject", subject);
			answer.put("deleted", deleted);
			return answer;
		});
	}

	private static void requireAdmin(CurrentUser caller) {
		if (caller == null || !caller.admin()) {
			throw new OpenAiException(HttpStatus.FORBIDDEN, "invalid_request_error", "This needs an admin's credentials.",
					null, "insufficient_permissions", null);
		}
	}

	private static LimitScope scope(String scope) {
		return switch (scope) {
			case "keys" -> LimitScope.KEY;
			case "users" -> LimitScope.USER;
			default -> throw new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error", "Limits are set on "
					+ "'keys' or 'users' (/api/limits/keys/{key id}, /api/limits/users/{user id}); models get theirs "
					+ "from toolgate.limits.models.", null, "unknown_url", null);
		};
	}

	private Mono<Void> exists(LimitScope scope, String subject) {
		Mono<?> found = scope == LimitScope.KEY ? keys.findById(subject) : users.findById(subject);
		return found.switchIfEmpty(Mono.error(() -> new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error",
				"No " + (scope == LimitScope.KEY ? "API key" : "user") + " '" + subject + "'.", null, "not_found", null)))
			.then();
	}

	private LimitSpec parse(byte[] body) {
		JsonNode node;
		try {
			node = body == null || body.length == 0 ? null : json.readTree(body);
		}
		catch (JacksonException malformed) {
			throw OpenAiException.invalidRequest("We could not parse the JSON body of your request: "
					+ malformed.getOriginalMessage(), null, "invalid_json");
		}
		if (node == null || !node.isObject()) {
			throw OpenAiException.invalidRequest("Send a JSON object with any of requests_per_minute, tokens_per_minute, "
					+ "token_budget, budget_period.", null);
		}
		for (String name : node.propertyNames()) {
			if (!FIELDS.contains(name)) {
				throw OpenAiException.invalidRequest("Unknown field '" + name + "'; limits have requests_per_minute, "
						+ "tokens_per_minute, token_budget and budget_period.", name, "unknown_parameter");
			}
		}
		Long budget = positive(node, "token_budget");
		BudgetPeriod period = null;
		JsonNode periodNode = node.get("budget_period");
		if (periodNode != null && !periodNode.isNull()) {
			period = periodNode.isString() ? BudgetPeriod.fromWire(periodNode.asString()) : null;
			if (period == null) {
				throw OpenAiException.invalidRequest("'budget_period' must be 'day' or 'month'.", "budget_period");
			}
		}
		return new LimitSpec(positive(node, "requests_per_minute"), positive(node, "tokens_per_minute"), budget,
				budget == null ? null : period == null ? BudgetPeriod.MONTH : period);
	}

	private static Long positive(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) {
			throw OpenAiException.invalidRequest("'" + field + "' must be a positive whole number, or null for no limit.",
					field);
		}
		return value.asLong();
	}

	private Map<String, Object> wire(StoredLimit limit) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("scope", limit.scope().wire());
		answer.put("subject", limit.subject());
		answer.putAll(wire(limit.spec()));
		answer.put("updated_at", limit.updatedAt() == 0 ? null : limit.updatedAt() / 1000);
		return answer;
	}

	private static Map<String, Object> wire(LimitSpec spec) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("requests_per_minute", spec.requestsPerMinute());
		answer.put("tokens_per_minute", spec.tokensPerMinute());
		answer.put("token_budget", spec.tokenBudget());
		answer.put("budget_period", spec.tokenBudget() == null ? null : spec.period().wire());
		return answer;
	}

}
