package io.toolgate.gateway.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.openai.RequestBodyReader;

/**
 * API keys: everyone manages their own; admins may list all ({@code ?all=true}) and create or revoke keys of
 * any user. Another user's key answers 404, like a key that does not exist.
 */
@RestController
public class ApiKeysController {

	private final ApiKeyRepository keys;

	private final UserRepository users;

	private final ApiKeyAuthenticationManager verifier;

	private final RequestBodyReader reader;

	private final Clock clock;

	private final ApiKeyCodec codec = new ApiKeyCodec();

	public ApiKeysController(ApiKeyRepository keys, UserRepository users, ApiKeyAuthenticationManager verifier,
			RequestBodyReader reader, Clock clock) {
		this.keys = keys;
		this.users = users;
		this.verifier = verifier;
		this.reader = reader;
		this.clock = clock;
	}

	@GetMapping("/api/keys")
	public Mono<List<IdentityWire.KeyView>> list(@AuthenticationPrincipal CurrentUser caller,
			@RequestParam(defaultValue = "false") boolean all) {
		if (all && !caller.admin()) {
			throw new OpenAiException(HttpStatus.FORBIDDEN, "invalid_request_error", "Only admins may list all keys.",
					"all", "insufficient_permissions", null);
		}
		return (all ? keys.listAll() : keys.listByUser(caller.id()))
			.map(list -> list.stream().map(key -> IdentityWire.KeyView.of(key, null)).toList());
	}

	@PostMapping("/api/keys")
	@ResponseStatus(HttpStatus.CREATED)
	public Mono<IdentityWire.KeyView> create(@RequestBody(required = false) byte[] body,
			@AuthenticationPrincipal CurrentUser caller) {
		IdentityWire.KeyRequest request = body == null || body.length == 0 ? new IdentityWire.KeyRequest(null, null, null)
				: reader.read(body, IdentityWire.KeyRequest.class);
		String owner = request.userId() == null ? caller.id() : request.userId();
		if (request.expiresInDays() != null && request.expiresInDays() < 1) {
			throw OpenAiException.invalidRequest("'expires_in_days' must be at least 1.", "expires_in_days");
		}
		String name = request.name() == null || request.name().isBlank() ? "key" : request.name();
		if (name.length() > 100) {
			throw OpenAiException.invalidRequest("'name' may have at most 100 characters.", "name");
		}
		long now = clock.millis();
		Long expires = request.expiresInDays() == null ? null : now + Duration.ofDays(request.expiresInDays()).toMillis();
		String plain = codec.newKey();
		return users.findById(owner)
			.filter(user -> caller.mayAccess(user.id()))
			.switchIfEmpty(Mono.error(() -> UsersController.notFound(owner)))
			.flatMap(user -> keys.insert(new ApiKey(codec.newId("key_"), user.id(), name, ApiKeyCodec.hash(plain),
					ApiKeyCodec.hint(plain), now, null, expires, null)))
			.map(key -> IdentityWire.KeyView.of(key, plain));
	}

	@DeleteMapping("/api/keys/{id}")
	public Mono<Map<String, Object>> revoke(@PathVariable String id, @AuthenticationPrincipal CurrentUser caller) {
		return keys.findById(id)
			.filter(key -> caller.mayAccess(key.userId()))
			.switchIfEmpty(Mono.error(() -> new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error",
					"No API key '" + id + "'.", null, "not_found", null)))
			.flatMap(key -> keys.revoke(key.id(), clock.millis()))
			.doOnNext(revoked -> verifier.forgetVerifiedKeys())
			.map(revoked -> Map.<String, Object>of("id", id, "revoked", true));
	}
}
