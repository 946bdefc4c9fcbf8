package io.toolgate.loadtest.websearch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * What the fake search services share: a small non-blocking Reactor Netty server on 127.0.0.1, request
 * counters, the last request for assertions, delays on the connection's event loop, and a {@link #close()} that
 * cuts every open connection.
 */
public abstract class FakeSearchServer implements AutoCloseable {

    /** Default bind address. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /**
     * Event loops of all fake search services of this JVM: daemon threads, never disposed, and not Reactor
     * Netty's global loops (which a Spring context may dispose on shutdown).
     */
    private static final LoopResources LOOPS = LoopResources.create("fake-search", 2, true);

    /** A request as received: method, URI with its query string, Authorization header (or null) and body. */
    public record Received(String method, String uri, String authorization, String contentType, String body) {
    }

    private final String host;
    private final ChannelGroup connections = new DefaultChannelGroup("fake-search", GlobalEventExecutor.INSTANCE);
    private final DisposableServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Received lastRequest;

    protected FakeSearchServer(int port, String host) {
        this.host = host;
        this.server = HttpServer.create()
                .runOn(LOOPS)
                .doOnConnection(c -> connections.add(c.channel()))
                .host(host)
                .port(port)
                .handle(this::receive)
                .bindNow(Duration.ofSeconds(10));
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>} (no trailing slash). */
    public String baseUrl() {
        return "http://" + host + ":" + port();
    }

    /** Requests received, of any kind. */
    public int requests() {
        return requests.get();
    }

    /** The last request received, or null. */
    public Received lastRequest() {
        return lastRequest;
    }

    /** Zeroes the counter and forgets the last request. */
    public void reset() {
        requests.set(0);
        lastRequest = null;
    }

    /** Stops the server, frees the port and closes every open connection. */
    @Override
    public void close() {
        if (server.isDisposed()) {
            return;
        }
        server.dispose();
        connections.close().awaitUninterruptibly(2000);
        try {
            server.onDispose().block(Duration.ofSeconds(2));
        } catch (RuntimeException ignored) {
            // timed out waiting: the listening socket is closed anyway
        }
    }

    private Mono<Void> receive(HttpServerRequest req, HttpServerResponse res) {
        requests.incrementAndGet();
        Mono<String> body = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD
                ? Mono.just("")
                : req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("");
        return body.flatMap(b -> {
            Received received = new Received(req.method().name(), req.uri(), req.requestHeaders().get("Authorization"),
                    req.requestHeaders().get("Content-Type"), b);
            lastRequest = received;
            return handle(req, res, received);
        }).onErrorResume(e -> res.hasSentHeaders() ? Mono.error(e)
                : send(res, 500, "text/plain; charset=utf-8", "fake search failure: " + e));
    }

    /** Answers one request (its body already read). */
    protected abstract Mono<Void> handle(HttpServerRequest req, HttpServerResponse res, Received received);

    /** The path of a URI without its query string and trailing slash. */
    protected static String path(String uri) {
        int q = uri.indexOf('?');
        String path = q >= 0 ? uri.substring(0, q) : uri;
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    protected static Mono<Void> send(HttpServerResponse res, int status, String contentType, String body) {
        return res.status(status)
                .header("Content-Type", contentType)
                .sendString(Mono.just(body), StandardCharsets.UTF_8)
                .then();
    }

    /** Runs {@code action} after {@code delayMs}, on the connection's own event loop (no extra thread). */
    protected static Mono<Void> delayed(HttpServerResponse res, long delayMs, Mono<Void> action) {
        if (delayMs <= 0) {
            return action;
        }
        return Mono.<Void>create(sink -> {
            EventLoop[] loop = new EventLoop[1];
            res.withConnection(c -> loop[0] = c.channel().eventLoop());
            if (loop[0] == null) {
                sink.success();
                return;
            }
            ScheduledFuture<?> timer = loop[0].schedule((Runnable) sink::success, delayMs, TimeUnit.MILLISECONDS);
            sink.onCancel(() -> timer.cancel(false));
        }).then(action);
    }
}
