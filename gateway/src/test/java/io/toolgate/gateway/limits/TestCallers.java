package io.toolgate.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.toolgate.gateway.HttpTestClient;

/** Users and keys made through the admin API, for limits tests. */
final class TestCallers {

	/** A caller: the user's id, the key's id and the key itself. */
	record Caller(String userId, String keyId, String key) {
	}

	private TestCallers() {
	}

	static Caller newUser(HttpTestClient admin, String prefix) {
		String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
		var created = admin.post("/api/users",
				"{\"username\":\"" + name + "\",\"password\":\"password-" + name + "\",\"role\":\"user\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return newKey(admin, created.json().path("id").asString());
	}

	static Caller newKey(HttpTestClient admin, String userId) {
		var key = admin.post("/api/keys", "{\"name\":\"limits\",\"user_id\":\"" + userId + "\"}");
		assertThat(key.status()).as(key.body()).isEqualTo(201);
		return new Caller(userId, key.json().path("id").asString(), key.json().path("key").asString());
	}

	static String chat(String model, String prompt) {
		return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
	}

	/** The value of {@code toolgate_limit_refusals_total} for one scope and limit. */
	static double refusals(HttpTestClient admin, String scope, String limit) {
		String prefix = "toolgate_limit_refusals_total{limit=\"" + limit + "\",scope=\"" + scope + "\"";
		return admin.get("/actuator/prometheus").body().lines()
			.filter(line -> line.startsWith(prefix))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}
}
