package io.toolgate.gateway.identity;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.openai.OpenAiSchemaValidator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authentication matrix, cross-user isolation and session memory, run against each database flavour
 * by the subclasses.
 */
abstract class IdentityContract {

	static final String JWT_SECRET = "test-jwt-secret-that-is-at-least-32-bytes!!";

	/** Failed sign-ins allowed per username and per address in the test gateways (small, so tests stay short). */
	static final int PER_USERNAME = 4;

	static final int PER_ADDRESS = 10;

	static void throttleLimits(DynamicPropertyRegistry registry) {
		registry.add("toolgate.auth.login-throttle.per-username.attempts", () -> PER_USERNAME);
		registry.add("toolgate.auth.login-throttle.per-address.attempts", () -> PER_ADDRESS);
	}

	@LocalServerPort
	int port;

	@Autowired
	ApiKeyRepository keyRepository;

	@Autowired
	CountingPasswordEncoder bcrypt;

	HttpTestClient admin;

	HttpTestClient anonymous;

	final OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();

	@BeforeEach
	void clients() {
		admin = new HttpTestClient(port);
		anonymous = new HttpTestClient(port, null);
	}

	/** A new user with a password and an API key; returns the key. */
	String newUser(String name, String role) {
		var created = admin.post("/api/users",
				"{\"username\":\"" + name + "\",\"password\":\"password-" + name + "\",\"role\":\"" + role + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		var key = admin.post("/api/keys", "{\"name\":\"test\",\"user_id\":\"" + created.json().path("id").asString() + "\"}");
		assertThat(key.status()).as(key.body()).isEqualTo(201);
		return key.json().path("key").asString();
	}

	String unique(String prefix) {
		return prefix + "-" + Long.toString(System.nanoTime(), 36);
	}

	private void assertUnauthorized(HttpTestClient.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		schema.assertValid("ErrorResponse", response.body());
		assertThat(response.json().at("/error/code").asString()).isEqualTo("invalid_api_key");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void healthIsOpenEverythingElseNeedsACredential() {
		assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
		assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
		assertThat(anonymous.get("/healthz").json().path("status").asString()).isEqualTo("ok");
		assertUnauthorized(anonymous.get("/v1/models"));
		assertUnauthorized(anonymous.post("/v1/chat/completions", "{}"));
		assertUnauthorized(anonymous.post("/v1/embeddings", "{}"));
		assertUnauthorized(anonymous.get("/api/keys"));
		assertUnauthorized(anonymous.get("/api/chat/sessions"));
		assertThat(anonymous.get("/v1/models").json().at("/error/message").asString()).contains("Authorization");
	}

	@Test
	void rejectsUnknownRevokedAndExpiredKeys() {
		assertUnauthorized(admin.as("tg-not-a-real-key-at-all-0000000000").get("/v1/models"));
		assertUnauthorized(admin.as("").get("/v1/models"));

		String key = newUser(unique("rev"), "user");
		HttpTestClient user = admin.as(key);
		assertThat(user.get("/v1/models").status()).isEqualTo(200);
		String keyId = user.get("/api/keys").json().get(0).path("id").asString();
		assertThat(user.delete("/api/keys/" + keyId).status()).isEqualTo(200);
		var revoked = user.get("/v1/models");
		assertUnauthorized(revoked);
		assertThat(revoked.json().at("/error/message").asString()).contains("revoked");

		String expiredKey = "tg-expired-key-for-tests-" + System.nanoTime();
		ApiKey owner = keyRepository.listAll().block().get(0);
		keyRepository.insert(new ApiKey("key_exp" + System.nanoTime(), owner.userId(), "old", ApiKeyCodec.hash(expiredKey),
				"tg-...", 0, null, Instant.now().minusSeconds(60).toEpochMilli(), null)).block();
		var expired = admin.as(expiredKey).get("/v1/models");
		assertUnauthorized(expired);
		assertThat(expired.json().at("/error/message").asString()).contains("expired");
	}

	@Test
	void signsInWithAPasswordAndUsesTheToken() {
		String name = unique("login");
		newUser(name, "user");
		var bad = anonymous.post("/api/auth/login", "{\"username\":\"" + name + "\",\"password\":\"wrong-password\"}");
		assertThat(bad.status()).isEqualTo(401);
		schema.assertValid("ErrorResponse", bad.body());
		var unknown = anonymous.post("/api/auth/login", "{\"username\":\"nobody-here\",\"password\":\"wrong-password\"}");
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(unknown.json().at("/error/message").asString()).isEqualTo(bad.json().at("/error/message").asString());

		var login = anonymous.post("/api/auth/login", "{\"username\":\"" + name + "\",\"password\":\"password-" + name + "\"}");
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(login.json().path("token_type").asString()).isEqualTo("bearer");
		String token = login.json().path("access_token").asString();
		HttpTestClient withToken = admin.as(token);
		assertThat(withToken.get("/v1/models").status()).isEqualTo(200);
		assertThat(withToken.get("/api/me").json().path("username").asString()).isEqualTo(name);
	}

	@Test
	void rejectsExpiredForgedAndForeignJwts() throws Exception {
		String userId = admin.get("/api/me").json().path("id").asString();
		assertUnauthorized(admin.as(jwt(JWT_SECRET, "toolgate", userId, Instant.now().minusSeconds(600))).get("/v1/models"));
		assertThat(admin.as(jwt(JWT_SECRET, "toolgate", userId, Instant.now().minusSeconds(600))).get("/v1/models").json()
			.at("/error/message").asString()).contains("expired");
		assertUnauthorized(admin.as(jwt("another-secret-of-at-least-thirty-two-bytes", "toolgate", userId,
				Instant.now().plusSeconds(600))).get("/v1/models"));
		assertUnauthorized(admin.as(jwt(JWT_SECRET, "https://evil.example", userId, Instant.now().plusSeconds(600)))
			.get("/v1/models"));
		assertUnauthorized(admin.as("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").get("/v1/models"));
		assertThat(admin.as(jwt(JWT_SECRET, "toolgate", userId, Instant.now().plusSeconds(600))).get("/v1/models").status())
			.isEqualTo(200);
	}

	/** A token signed with {@code secret}; without {@code exp} when {@code expires} is null. */
	private static String jwt(String secret, String issuer, String subject, Instant expires) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().issuer(issuer)
			.subject(subject)
			.issueTime(Date.from(expires == null ? Instant.now() : expires.minusSeconds(3600)))
			.expirationTime(expires == null ? null : Date.from(expires))
			.build());
		jwt.sign(new MACSigner(secret.getBytes()));
		return jwt.serialize();
	}

	@Test
	void refusesTokensWithoutExpiry() throws Exception {
		String userId = admin.get("/api/me").json().path("id").asString();
		var forever = admin.as(jwt(JWT_SECRET, "toolgate", userId, null)).get("/v1/models");
		assertUnauthorized(forever);
		assertThat(forever.json().at("/error/message").asString()).contains("exp");
	}

	HttpTestClient.Response login(String username, String password) {
		return anonymous.post("/api/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
	}

	String tokenOf(String username, String password) {
		var login = login(username, password);
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		return login.json().path("access_token").asString();
	}

	@Test
	void aPasswordChangeRevokesTheTokensIssuedBeforeIt() {
		String name = unique("pw");
		String key = newUser(name, "user");
		String id = admin.as(key).get("/api/me").json().path("id").asString();
		String before = tokenOf(name, "password-" + name);
		assertThat(admin.as(before).get("/v1/models").status()).isEqualTo(200);

		assertThat(admin.as(before).patch("/api/me", "{\"password\":\"changed-" + name + "\"}").status()).isEqualTo(200);
		var stale = admin.as(before).get("/v1/models");
		assertUnauthorized(stale);
		assertThat(stale.json().at("/error/message").asString()).contains("sign in again");
		assertThat(login(name, "password-" + name).status()).isEqualTo(401);
		String after = tokenOf(name, "changed-" + name);
		assertThat(admin.as(after).get("/v1/models").status()).isEqualTo(200);
		assertThat(admin.as(key).get("/v1/models").status()).isEqualTo(200);

		// An admin setting the password revokes them too.
		assertThat(admin.patch("/api/users/" + id, "{\"password\":\"reset-" + name + "\"}").status()).isEqualTo(200);
		assertUnauthorized(admin.as(after).get("/v1/models"));
		assertThat(admin.as(tokenOf(name, "reset-" + name)).get("/v1/models").status()).isEqualTo(200);
	}

	@Test
	void aRoleChangeOrDisablingRevokesTheTokensIssuedBeforeIt() {
		String name = unique("role");
		String key = newUser(name, "admin");
		String id = admin.as(key).get("/api/me").json().path("id").asString();
		String asAdmin = tokenOf(name, "password-" + name);
		assertThat(admin.as(asAdmin).get("/api/users").status()).isEqualTo(200);

		assertThat(admin.patch("/api/users/" + id, "{\"role\":\"user\"}").status()).isEqualTo(200);
		assertUnauthorized(admin.as(asAdmin).get("/v1/models"));
		String asUser = tokenOf(name, "password-" + name);
		assertThat(admin.as(asUser).get("/api/users").status()).isEqualTo(403);

		// Disabling and enabling again does not bring the tokens from before back.
		assertThat(admin.patch("/api/users/" + id, "{\"disabled\":true}").status()).isEqualTo(200);
		assertThat(admin.patch("/api/users/" + id, "{\"disabled\":false}").status()).isEqualTo(200);
		assertUnauthorized(admin.as(asUser).get("/v1/models"));
		assertThat(admin.as(tokenOf(name, "password-" + name)).get("/v1/models").status()).isEqualTo(200);
	}

	@Test
	void everySignInCostsOneBcryptCheckWhetherTheUserExistsOrNot() {
		String name = unique("cost");
		newUser(name, "user");
		String off = unique("off");
		String offKey = newUser(off, "user");
		String offId = admin.as(offKey).get("/api/me").json().path("id").asString();
		assertThat(admin.patch("/api/users/" + offId, "{\"disabled\":true}").status()).isEqualTo(200);

		assertThat(checksOf(() -> login(name, "wrong-password"))).as("existing user, wrong password").isEqualTo(1);
		assertThat(checksOf(() -> login(unique("nobody"), "wrong-password"))).as("unknown user").isEqualTo(1);
		assertThat(checksOf(() -> login("admin", "wrong-password"))).as("user without a password").isEqualTo(1);
		assertThat(checksOf(() -> login(off, "password-" + off))).as("disabled user, right password").isEqualTo(1);
		assertThat(checksOf(() -> login(name, "password-" + name))).as("right password").isEqualTo(1);
	}

	private long checksOf(Runnable signIn) {
		long before = bcrypt.checks();
		signIn.run();
		return bcrypt.checks() - before;
	}

	@Test
	void throttlesFailedSignInsPerUsernameWith429AndRetryAfter() throws Exception {
		String name = unique("guessed");
		newUser(name, "user");
		String wrong = credentials(name, "wrong-password");
		// From an address of its own, so that only the username's allowance runs out.
		for (int i = 0; i < PER_USERNAME; i++) {
			assertThat(RawLogin.from("127.0.0.78", port, wrong).status()).isEqualTo(401);
		}
		double throttledBefore = throttled("username");
		long checks = bcrypt.checks();
		RawLogin refused = RawLogin.from("127.0.0.78", port, wrong);
		assertThrottled(refused);
		assertThat(refused.json().at("/error/message").asString()).contains("username");
		// The right password does not get through either while the name is throttled, and from anywhere.
		assertThrottled(RawLogin.from("127.0.0.79", port, credentials(name, "password-" + name)));
		assertThat(bcrypt.checks()).as("refused attempts check no password").isEqualTo(checks);
		assertThat(throttled("username") - throttledBefore).isEqualTo(2);

		// Other users from the same address are not affected.
		String other = unique("other");
		newUser(other, "user");
		assertThat(RawLogin.from("127.0.0.78", port, credentials(other, "password-" + other)).status()).isEqualTo(200);
	}

	@Test
	void throttlesFailedSignInsPerClientAddress() throws Exception {
		for (int i = 0; i < PER_ADDRESS; i++) {
			assertThat(RawLogin.from("127.0.0.77", port, credentials(unique("spray" + i), "wrong-password")).status())
				.isEqualTo(401);
		}
		double throttledBefore = throttled("address");
		RawLogin refused = RawLogin.from("127.0.0.77", port, credentials(unique("spray"), "wrong-password"));
		assertThrottled(refused);
		assertThat(refused.json().at("/error/message").asString()).contains("address");
		assertThat(throttled("address") - throttledBefore).isEqualTo(1);

		// Other addresses sign in as usual.
		String name = unique("elsewhere");
		newUser(name, "user");
		assertThat(login(name, "password-" + name).status()).isEqualTo(200);
	}

	private void assertThrottled(RawLogin response) {
		assertThat(response.status()).as(response.body()).isEqualTo(429);
		schema.assertValid("ErrorResponse", response.body());
		assertThat(response.json().at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(response.json().at("/error/type").asString()).isEqualTo("rate_limit_error");
		assertThat(response.retryAfter()).isNotNull();
		assertThat(Long.parseLong(response.retryAfter())).isPositive();
	}

	private static String credentials(String username, String password) {
		return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
	}

	/** toolgate_auth_throttled_total{by} as Prometheus scrapes it. */
	private double throttled(String by) {
		String scrape = admin.get("/actuator/prometheus").body();
		Matcher matcher = Pattern.compile("(?m)^toolgate_auth_throttled_total\\{[^}]*by=\"" + by + "\"[^}]*} (\\S+)$")
			.matcher(scrape);
		assertThat(matcher.find()).as("toolgate_auth_throttled_total{by=\"%s\"} in the scrape", by).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	@Test
	void separatesUsersFromAdmins() {
		HttpTestClient user = admin.as(newUser(unique("plain"), "user"));
		var denied = user.get("/api/users");
		assertThat(denied.status()).isEqualTo(403);
		schema.assertValid("ErrorResponse", denied.body());
		assertThat(user.post("/api/users", "{\"username\":\"x\",\"password\":\"password-x\"}").status()).isEqualTo(403);
		assertThat(user.get("/api/keys?all=true").status()).isEqualTo(403);
		assertThat(admin.get("/api/users").status()).isEqualTo(200);
		assertThat(admin.get("/api/keys?all=true").json().size()).isGreaterThan(1);
		var closedSignup = anonymous.post("/api/auth/signup", "{\"username\":\"walkin\",\"password\":\"password-walkin\"}");
		assertThat(closedSignup.status()).isEqualTo(403);
	}

	@Test
	void disablingAUserLocksOutItsKeysAndTokens() {
		String name = unique("gone");
		String key = newUser(name, "user");
		String token = anonymous.post("/api/auth/login", "{\"username\":\"" + name + "\",\"password\":\"password-" + name + "\"}")
			.json().path("access_token").asString();
		String id = admin.as(key).get("/api/me").json().path("id").asString();
		assertThat(admin.patch("/api/users/" + id, "{\"disabled\":true}").status()).isEqualTo(200);

		assertUnauthorized(admin.as(key).get("/v1/models"));
		assertUnauthorized(admin.as(token).get("/v1/models"));
		assertThat(admin.patch("/api/users/" + id, "{\"disabled\":false}").status()).isEqualTo(200);
		assertThat(admin.as(key).get("/v1/models").status()).isEqualTo(200);
	}

	@Test
	void refusesPasswordsBcryptWouldTruncate() {
		String tooLong = "p".repeat(73);
		var response = admin.post("/api/users", "{\"username\":\"" + unique("long") + "\",\"password\":\"" + tooLong + "\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().at("/error/param").asString()).isEqualTo("password");
		assertThat(response.json().at("/error/message").asString()).contains("72");
		String multiByte = "ü".repeat(37);
		assertThat(admin.post("/api/users", "{\"username\":\"" + unique("utf") + "\",\"password\":\"" + multiByte + "\"}")
			.status()).isEqualTo(400);
	}

	@Test
	void keepsEachUsersSessionsToThemselves() {
		HttpTestClient alice = admin.as(newUser(unique("alice"), "user"));
		HttpTestClient bob = admin.as(newUser(unique("bob"), "user"));
		String session = unique("s");
		String aliceId = alice.get("/api/me").json().path("id").asString();

		var first = alice.post("/v1/chat/completions", chat(session, "text:Alice's secret is 42"));
		assertThat(first.status()).as(first.body()).isEqualTo(200);

		assertThat(bob.get("/api/chat/history/" + session).status()).isEqualTo(404);
		assertThat(bob.delete("/api/chat/sessions/" + session).status()).isEqualTo(404);
		assertThat(bob.get("/api/chat/sessions").json().valueStream().map(s -> s.path("id").asString()))
			.doesNotContain(session);
		assertThat(bob.get("/api/chat/sessions?all=true").json().valueStream().map(s -> s.path("user_id").asString()))
			.doesNotContain(aliceId);
		String aliceKeyId = alice.get("/api/keys").json().get(0).path("id").asString();
		assertThat(bob.delete("/api/keys/" + aliceKeyId).status()).isEqualTo(404);
		assertThat(alice.get("/v1/models").status()).isEqualTo(200);

		// The same session id used by Bob is Bob's own session, without Alice's messages.
		bob.post("/v1/chat/completions", chat(session, "text:Bob here"));
		List<String> bobHistory = contents(bob.get("/api/chat/history/" + session).json());
		assertThat(bobHistory).noneMatch(text -> text.contains("42"));

		var asAdmin = admin.get("/api/chat/history/" + session + "?user_id=" + aliceId);
		assertThat(asAdmin.status()).isEqualTo(200);
		assertThat(contents(asAdmin.json())).anyMatch(text -> text.contains("42"));
	}

	@Test
	void remembersASessionSoClientsSendOnlyNewMessages() {
		HttpTestClient user = admin.as(newUser(unique("memo"), "user"));
		String session = unique("chat");
		assertThat(user.post("/v1/chat/completions", chat(session, "text:first answer")).status()).isEqualTo(200);
		String second = "{\"model\":\"" + TestUpstreams.OLLAMA_MODEL + "\",\"stream\":true,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"echo\"}]}";
		var streamed = user.stream("/v1/chat/completions",
				second.replace("\"stream\":true,", "\"stream\":true,\"session_id\":\"" + session + "\","));
		assertThat(streamed.dataLines()).contains("[DONE]");

		String sent = TestUpstreams.ollama().lastChatRequestBody();
		assertThat(sent).contains("first answer").doesNotContain("session_id");
		JsonNode history = user.get("/api/chat/history/" + session).json();
		assertThat(history.path("messages")).hasSize(4);
		assertThat(history.at("/messages/0/role").asString()).isEqualTo("user");
		assertThat(history.at("/messages/1/role").asString()).isEqualTo("assistant");
		assertThat(history.at("/messages/1/content").asString()).isEqualTo("first answer");

		var listed = user.get("/api/chat/sessions").json();
		assertThat(listed.get(0).path("id").asString()).isEqualTo(session);
		assertThat(listed.get(0).path("messages").asInt()).isEqualTo(4);
		assertThat(user.delete("/api/chat/sessions/" + session).status()).isEqualTo(200);
		assertThat(user.get("/api/chat/history/" + session).status()).isEqualTo(404);
	}

	@Test
	void refusesABadSessionId() {
		var response = admin.post("/v1/chat/completions", chat("no spaces allowed", "hi"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().at("/error/param").asString()).isEqualTo("session_id");
	}

	static String chat(String session, String content) {
		return "{\"model\":\"" + TestUpstreams.OLLAMA_MODEL + "\",\"session_id\":\"" + session + "\","
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
	}

	static List<String> contents(JsonNode history) {
		return history.path("messages").valueStream().map(m -> m.path("content").asString("")).toList();
	}
}
