package io.toolgate.gateway.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.TestUpstreams;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients against the real Netty server, through raw sockets: half-sent requests are closed within their
 * bound instead of being held open for as long as the client likes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlowClientTimeoutsTest {

	/** How long past its bound a connection may stay open: slack for a loaded machine, far below "held forever". */
	private static final int SLACK_MS = 8_000;

	private static final int BOUND_MS = 2_000;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.server.request-header-timeout", () -> BOUND_MS + "ms");
		registry.add("toolgate.server.body-read-timeout", () -> BOUND_MS + "ms");
		// Not server.netty.idle-timeout: these bounds must hold with Boot's default (no idle timeout) too.
	}

	@LocalServerPort
	int port;

	@Test
	void manyHalfSentRequestHeadersAreAllClosedWithinTheHeaderTimeout() throws Exception {
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 50; i++) {
				Socket socket = open();
				send(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Half: ");
				sockets.add(socket);
			}
			for (Socket socket : sockets) {
				assertClosedByServer(socket);
			}
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	@Test
	void headersTrickledByteByByteAreCutOffAtTheHeaderTimeout() throws Exception {
		try (Socket socket = open()) {
			send(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
			// A byte every 200 ms keeps any idle timeout from firing; only a deadline on the headers ends this.
			long end = System.currentTimeMillis() + BOUND_MS + SLACK_MS;
			boolean closed = false;
			while (System.currentTimeMillis() < end && !closed) {
				try {
					send(socket, "a");
					socket.setSoTimeout(200);
					closed = socket.getInputStream().read() == -1;
				}
				catch (SocketTimeoutException stillOpen) {
					// the server has said nothing yet: keep trickling
				}
				catch (IOException reset) {
					closed = true;
				}
			}
			assertThat(closed).as("the trickling connection was closed by the server").isTrue();
		}
	}

	@Test
	void aConnectionThatSendsNothingIsClosed() throws Exception {
		try (Socket socket = open()) {
			assertClosedByServer(socket);
		}
	}

	@Test
	void aRequestBodyThatStopsHalfWayIsClosedWithinTheBodyReadTimeout() throws Exception {
		try (Socket socket = open()) {
			send(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
					+ TestUpstreams.ADMIN_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
					+ "{\"model\":\"" + TestUpstreams.OPENAI_MODEL + "\",\"messages\":[");
			assertClosedByServer(socket);
		}
	}

	@Test
	void anOrdinaryKeepAliveClientIsServedTwice() throws Exception {
		try (Socket socket = open()) {
			for (int i = 0; i < 2; i++) {
				send(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
				socket.setSoTimeout(10_000);
				String head = readHead(socket.getInputStream());
				assertThat(head).startsWith("HTTP/1.1 200");
				int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
				socket.getInputStream().readNBytes(length);
			}
		}
	}

	private Socket open() throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout(BOUND_MS + SLACK_MS);
		return socket;
	}

	private static void send(Socket socket, String text) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(text.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	/** Reads until the server closes; fails if it is still open after bound + slack. */
	private static void assertClosedByServer(Socket socket) throws IOException {
		socket.setSoTimeout(BOUND_MS + SLACK_MS);
		InputStream in = socket.getInputStream();
		try {
			while (in.read() != -1) {
				// whatever it answers (a 408 or 400, say) before closing is fine
			}
		}
		catch (SocketTimeoutException e) {
			throw new AssertionError("the server kept the connection open past " + (BOUND_MS + SLACK_MS) + " ms", e);
		}
		catch (IOException reset) {
			// a reset is closed too
		}
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b == -1) {
				break;
			}
			head.append((char) b);
		}
		return head.toString();
	}
}
