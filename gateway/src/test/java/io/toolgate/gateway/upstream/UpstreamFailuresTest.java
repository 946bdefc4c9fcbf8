package io.toolgate.gateway.upstream;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;

/** How client-library failures are classified: what may be retried elsewhere, and what the client is told. */
class UpstreamFailuresTest {

	final UpstreamFailures failures = new UpstreamFailures(JsonMapper.builder().build());

	@Test
	void aBodyBrokenOffAfterA200IsALostConnectionNotAnHttpError() {
		var broken = new WebClientResponseException("body broke", 200, "OK", HttpHeaders.EMPTY, null, null);
		broken.initCause(PrematureCloseException.TEST_EXCEPTION);

		UpstreamException failure = failures.classify("u", "http://u", broken);

		assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.UNREACHABLE);
		assertThat(failure.retryable()).isTrue();
		assertThat(failure.getMessage()).contains("closed the connection in the middle");
	}

	@Test
	void classifiesStatusesAndTransportFailures() {
		var serverError = failures.classify("u", "http://u", WebClientResponseException.create(500, "boom", HttpHeaders.EMPTY,
				"{\"error\":{\"message\":\"kaputt\"}}".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
		assertThat(serverError.kind()).isEqualTo(UpstreamException.Kind.STATUS);
		assertThat(serverError.retryable()).isTrue();
		assertThat(serverError.getMessage()).contains("HTTP 500").contains("kaputt");

		var badRequest = failures.classify("u", "http://u", WebClientResponseException.create(400, "bad", HttpHeaders.EMPTY,
				"{\"error\":\"model is required\"}".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
		assertThat(badRequest.retryable()).isFalse();
		assertThat(badRequest.getMessage()).contains("model is required");

		HttpHeaders inSeconds = new HttpHeaders();
		inSeconds.set("Retry-After", "7");
		var overloaded = failures.classify("u", "http://u", WebClientResponseException.create(503, "busy", inSeconds,
				new byte[0], StandardCharsets.UTF_8));
		assertThat(overloaded.retryAfter()).isEqualTo(java.time.Duration.ofSeconds(7));
		HttpHeaders asDate = new HttpHeaders();
		asDate.set("Retry-After", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
			.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(120)));
		var limited = failures.classify("u", "http://u", WebClientResponseException.create(429, "slow down", asDate,
				new byte[0], StandardCharsets.UTF_8));
		assertThat(limited.retryAfter()).as("an HTTP-date Retry-After is read too")
			.isBetween(java.time.Duration.ofSeconds(100), java.time.Duration.ofSeconds(120));

		assertThat(failures.classify("u", "http://u", new RuntimeException(new ConnectException("refused"))).kind())
			.isEqualTo(UpstreamException.Kind.UNREACHABLE);
		assertThat(failures.classify("u", "http://u", new TimeoutException("slow")).kind())
			.isEqualTo(UpstreamException.Kind.TIMEOUT);
	}
}
