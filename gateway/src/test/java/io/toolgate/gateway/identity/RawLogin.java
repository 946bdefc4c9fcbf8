package io.toolgate.gateway.identity;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sign-in sent over a socket bound to a chosen loopback address (any of 127.0.0.0/8 works on Linux), so that
 * the gateway sees a client address of the test's own.
 */
record RawLogin(int status, String retryAfter, String body) {

	static RawLogin from(String localAddress, int port, String credentials) throws IOException {
		byte[] body = credentials.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(localAddress, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int headEnd = response.indexOf("\r\n\r\n");
			String[] head = response.substring(0, headEnd).split("\r\n");
			String retryAfter = null;
			boolean chunked = false;
			for (String line : head) {
				String lower = line.toLowerCase(Locale.ROOT);
				if (lower.startsWith("retry-after:")) {
					retryAfter = line.substring(line.indexOf(':') + 1).trim();
				}
				chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
			}
			String content = response.substring(headEnd + 4);
			return new RawLogin(Integer.parseInt(head[0].split(" ")[1]), retryAfter, chunked ? dechunk(content) : content);
		}
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

	JsonNode json() {
		return JsonMapper.builder().build().readTree(body);
	}
}
