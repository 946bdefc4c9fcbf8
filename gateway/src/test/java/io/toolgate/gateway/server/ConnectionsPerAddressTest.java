package io.toolgate.gateway.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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
import static org.awaitility.Awaitility.await;

/** The per-address connection cap of the real Netty server, with raw sockets. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConnectionsPerAddressTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.server.max-connections-per-address", () -> "3");
	}

	@LocalServerPort
	int port;

	@Test
	void aConnectionOverTheCapIsRefusedWithA429AndFreedPlacesAreUsableAgain() throws Exception {
		List<Socket> held = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				Socket socket = new Socket("127.0.0.1", port);
				socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
				held.add(socket);
			}
			String refused = await().until(() -> exchange(), answer -> answer.startsWith("HTTP/1.1 429"));
			assertThat(refused).contains("\"code\":\"too_many_connections\"")
				.contains("\"type\":\"rate_limit_error\"")
				.contains("at most 3");

			held.remove(0).close();
			String served = await().until(() -> exchange(), answer -> answer.startsWith("HTTP/1.1 200"));
			assertThat(served).contains("\"status\":\"ok\"");
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
	}

	/** One request on a new connection; the whole answer (the server closes after it: Connection: close). */
	private String exchange() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException reset) {
			return "reset: " + reset;
		}
	}
}
