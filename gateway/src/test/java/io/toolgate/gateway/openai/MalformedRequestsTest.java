package io.toolgate.gateway.openai;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input of issue 14, item 5, sent over real HTTP exactly as a broken client would: each one is answered with
 * an OpenAI error body (valid against the spec's {@code ErrorResponse}) and a 4xx naming the parameter where there
 * is one, never a 500 with a stack trace or an empty body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MalformedRequestsTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
	}

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	final OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();

	final JsonMapper json = JsonMapper.builder().build();

	record Answer(int status, String body) {

		JsonNode error() {
			return JsonMapper.builder().build().readTree(body).path("error");
		}
	}

	Answer send(String path, String contentType, byte[] body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Bearer " + TestUpstreams.ADMIN_KEY)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return new Answer(response.statusCode(), response.body());
	}

	Answer assertClientError(Answer answer, int status) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		schema.assertValid("ErrorResponse", answer.body());
		assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
		return answer;
	}

	static byte[] multipart(String boundary, boolean closed) {
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n"
				+ "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\nhello there\r\n" + (closed ? "--" + boundary + "--\r\n" : "");
		return body.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void aMultipartBodyWithoutItsClosingBoundaryIsA400NamingTheFile() throws Exception {
		Answer answer = assertClientError(send("/v1/files", "multipart/form-data; boundary=XyZ", multipart("XyZ", false)),
				400);
		assertThat(answer.error().path("param").asString()).isEqualTo("file");
		assertThat(answer.error().path("code").asString()).isEqualTo("invalid_multipart");
	}

	@Test
	void aMultipartBodyFramedByAnotherBoundaryIsA400NamingTheFile() throws Exception {
		Answer answer = assertClientError(
				send("/v1/files", "multipart/form-data; boundary=Expected", multipart("Other", true)), 400);
		assertThat(answer.error().path("param").asString()).isEqualTo("file");
	}

	@Test
	void aMultipartContentTypeWithoutBoundaryIsA400NamingTheFile() throws Exception {
		Answer answer = assertClientError(send("/v1/files", "multipart/form-data", multipart("XyZ", true)), 400);
		assertThat(answer.error().path("param").asString()).isEqualTo("file");
		assertThat(answer.error().path("message").asString()).contains("boundary");
	}

	@Test
	void aWellFormedMultipartUploadStillWorks() throws Exception {
		Answer answer = send("/v1/files", "multipart/form-data; boundary=XyZ", multipart("XyZ", true));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
	}

	@Test
	void anImageDataUrlWithInvalidBase64IsA400NamingThePart() throws Exception {
		String body = "{\"model\":\"" + TestUpstreams.OLLAMA_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":["
				+ "{\"type\":\"text\",\"text\":\"what is this?\"},"
				+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,@@not*base64!!\"}}]}]}";
		Answer answer = assertClientError(send("/v1/chat/completions", "application/json",
				body.getBytes(StandardCharsets.UTF_8)), 400);
		assertThat(answer.error().path("param").asString()).isEqualTo("messages[0].content[1].image_url.url");
		assertThat(answer.error().path("code").asString()).isEqualTo("invalid_image_url");
	}

	@Test
	void anImageUrlThatIsNoUrlIsA400NamingThePart() throws Exception {
		String body = "{\"model\":\"" + TestUpstreams.OLLAMA_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":["
				+ "{\"type\":\"image_url\",\"image_url\":{\"url\":\"not a url at all\"}}]}]}";
		Answer answer = assertClientError(send("/v1/chat/completions", "application/json",
				body.getBytes(StandardCharsets.UTF_8)), 400);
		assertThat(answer.error().path("param").asString()).isEqualTo("messages[0].content[0].image_url.url");
	}

	@Test
	void aSixtyThousandCharacterPathIsAn414WithAnOpenAiBody() throws Exception {
		String path = "/v1/models/" + "a".repeat(60_000);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestUpstreams.ADMIN_KEY
					+ "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			String text = response.toString(StandardCharsets.UTF_8);
			assertThat(text).startsWith("HTTP/1.1 414 ").containsIgnoringCase("content-type: application/json");
			String body = text.substring(text.indexOf("\r\n\r\n") + 4);
			schema.assertValid("ErrorResponse", body);
			JsonNode error = json.readTree(body).path("error");
			assertThat(error.path("code").asString()).isEqualTo("url_too_long");
			assertThat(error.path("message").asString()).contains("URL is too long");
		}
	}

	@Test
	void aDecimalMaxTokensIsA400NamingIt() throws Exception {
		String body = "{\"model\":\"" + TestUpstreams.OLLAMA_MODEL
				+ "\",\"max_tokens\":2.5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
		Answer answer = assertClientError(send("/v1/chat/completions", "application/json",
				body.getBytes(StandardCharsets.UTF_8)), 400);
		assertThat(answer.error().path("param").asString()).isEqualTo("max_tokens");
		assertThat(answer.error().path("message").asString()).contains("expected an integer");
	}

	@Test
	void aTextPlainBodyIsA415EvenWhenItHoldsJson() throws Exception {
		String body = "{\"model\":\"" + TestUpstreams.OLLAMA_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
		Answer answer = assertClientError(send("/v1/chat/completions", "text/plain", body.getBytes(StandardCharsets.UTF_8)),
				415);
		assertThat(answer.error().path("code").asString()).isEqualTo("unsupported_media_type");
	}

	@Test
	void aJsonBodyWithACharsetIsStillAccepted() throws Exception {
		String body = "{\"model\":\"" + TestUpstreams.OLLAMA_MODEL
				+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"text:fine\"}]}";
		Answer answer = send("/v1/chat/completions", "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
	}
}
