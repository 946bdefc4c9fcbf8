package io.toolgate.gateway.identity;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.openai.OpenAiException;

/**
 * Limits failed password sign-ins per username and per client address with token buckets (Bucket4j). Every
 * attempt takes a token from both buckets before the password is checked, so a burst of parallel guesses gets no
 * more checks than the limit and a refused attempt costs no BCrypt check; a successful sign-in gives its tokens
 * back, so only failures count. Refusals are 429 {@code rate_limit_exceeded} with {@code Retry-After}, counted in
 * {@code toolgate_auth_throttled_total{by}}. State is in memory, per instance.
 */
@Component
public class LoginThrottle {

	/** [toolgate_auth_throttled_total] sign-ins refused by the throttle, by {@code username} or {@code address}. */
	static final String THROTTLED = "toolgate.auth.throttled";

	private final Buckets byUsername;

	private final Buckets byAddress;

	public LoginThrottle(IdentityProperties properties, MeterRegistry meters) {
		IdentityProperties.LoginThrottle settings = properties.loginThrottle();
		this.byUsername = new Buckets("username", settings.perUsername(), settings.maxTracked(), meters);
		this.byAddress = new Buckets("address", settings.perAddress(), settings.maxTracked(), meters);
	}

	/**
	 * Takes one attempt from the username's and the address's allowance, or throws the 429 when either is spent
	 * (taking nothing then).
	 */
	public Attempt begin(String username, ServerHttpRequest request) {
		String address = clientAddress(request);
		Bucket user = byUsername.of(usernameKey(username));
		ConsumptionProbe userProbe = user.tryConsumeAndReturnRemaining(1);
		if (!userProbe.isConsumed()) {
			throw byUsername.refused(userProbe, "for this username");
		}
		Bucket client = byAddress.of(address);
		ConsumptionProbe clientProbe = client.tryConsumeAndReturnRemaining(1);
		if (!clientProbe.isConsumed()) {
			user.addTokens(1);
			throw byAddress.refused(clientProbe, "from this address");
		}
		return new Attempt(user, client);
	}

	/**
	 * The key of a username's bucket: the name itself, or for names longer than any account can have, their
	 * SHA-256, so that the remembered keys stay small whatever clients send.
	 */
	static String usernameKey(String username) {
		return username.length() <= ExternalAccounts.MAX_USERNAME ? username : "sha256:" + ApiKeyCodec.hash(username);
	}

	/**
	 * The peer's IP address; for IPv6 its /64 network, since one client commonly holds a whole /64 and could
	 * otherwise change address on every attempt. Behind a reverse proxy that is the proxy's, unless
	 * {@code server.forward-headers-strategy} lets the server take the client's from {@code X-Forwarded-For}.
	 */
	static String clientAddress(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		return remote == null ? "unknown" : addressKey(remote);
	}

	static String addressKey(InetSocketAddress remote) {
		InetAddress address = remote.getAddress();
		if (address == null) {
			return remote.getHostString();
		}
		if (address instanceof Inet6Address) {
			byte[] network = Arrays.copyOf(address.getAddress(), 16);
			Arrays.fill(network, 8, 16, (byte) 0);
			try {
				return InetAddress.getByAddress(network).getHostAddress() + "/64";
			}
			catch (UnknownHostException impossible) {
				throw new IllegalStateException(impossible);
			}
		}
		return address.getHostAddress();
	}

	/** One sign-in attempt under way; {@link #succeeded()} hands its tokens back. */
	public record Attempt(Bucket user, Bucket client) {

		public void succeeded() {
			user.addTokens(1);
			client.addTokens(1);
		}
	}

	/** The buckets of one kind of key, forgotten once unused for a whole period (by then they would be full again). */
	private static final class Buckets {

		private final IdentityProperties.Limit limit;

		private final Cache<String, Bucket> buckets;

		private final Counter refusals;

		Buckets(String by, IdentityProperties.Limit limit, int maxTracked, MeterRegistry meters) {
			if (limit.attempts() < 1 || limit.period() == null || limit.period().isNegative() || limit.period().isZero()) {
				throw new IllegalStateException("toolgate.auth.login-throttle.per-" + by
						+ " needs attempts of at least 1 and a positive period");
			}
			this.limit = limit;
			this.buckets = Caffeine.newBuilder().expireAfterAccess(limit.period()).maximumSize(maxTracked).build();
			this.refusals = Counter.builder(THROTTLED)
				.description("Password sign-ins refused by the login throttle")
				.tag("by", by)
				.register(meters);
		}

		Bucket of(String key) {
			return buckets.get(key, k -> Bucket.builder()
				.addLimit(bandwidth -> bandwidth.capacity(limit.attempts()).refillGreedy(limit.attempts(), limit.period()))
				.build());
		}

		private static String describe(Duration period) {
			return period.toSeconds() % 60 == 0 ? period.toMinutes() + " min" : period.toSeconds() + " s";
		}

		OpenAiException refused(ConsumptionProbe probe, String where) {
			refusals.increment();
			Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
			long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
			return new OpenAiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", "Too many failed sign-ins "
					+ where + " (" + limit.attempts() + " per " + describe(limit.period()) + "); try again in "
					+ seconds + " s.", null, "rate_limit_exceeded", Duration.ofSeconds(seconds));
		}
	}
}
