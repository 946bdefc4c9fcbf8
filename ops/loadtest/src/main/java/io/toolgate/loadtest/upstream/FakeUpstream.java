package io.toolgate.loadtest.upstream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyOutbound;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A fast, non-blocking fake LLM upstream that speaks both the Ollama ({@code /api/**}) and the OpenAI
 * ({@code /v1/**}) wire protocols on one port. Behaviour is steered by directives in the last user message
 * (see {@code ops/loadtest/README.md}).
 *
 * <pre>{@code
 * try (FakeUpstream fake = FakeUpstream.start()) {
 *     String url = fake.baseUrl() + "/v1/chat/completions";
 *     ...
 * }
 * }</pre>
 */
public final class FakeUpstream implements AutoCloseable {

    /** Default bind address. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /**
     * Event loops of all fakes of this JVM: daemon threads, never disposed. They are deliberately not Reactor
     * Netty's global loops, which a Spring context may dispose on shutdown (that would kill a fake shared by
     * several test contexts).
     */
    private static final LoopResources LOOPS = LoopResources.create("fake-upstream",
            Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())), true);

    private final FakeUpstreamConfig config;
    private final String host;
    /** Every accepted connection (closed ones drop out), so that close() can really cut them all. */
    private final ChannelGroup connections = new DefaultChannelGroup("fake-upstream", GlobalEventExecutor.INSTANCE);
    private final DisposableServer server;
    private final OpenAiProtocol openAi;
    private final OllamaProtocol ollama;

    private final AtomicInteger chatRequests = new AtomicInteger();
    private final AtomicInteger cancelledStreams = new AtomicInteger();
    private final AtomicInteger embeddingRequests = new AtomicInteger();
    private final AtomicInteger totalRequests = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong(0x5EED);
    private volatile String lastChatRequestBody;
    private volatile boolean down;

    private FakeUpstream(FakeUpstreamConfig config, String host) {
        this.config = config;
        this.host = host;
        this.openAi = new OpenAiProtocol(this);
        this.ollama = new OllamaProtocol(this);
        this.server = HttpServer.create()
                .runOn(LOOPS)
                .doOnConnection(c -> connections.add(c.channel()))
                .host(host)
                .port(config.port())
                .handle(this::handle)
                .bindNow(Duration.ofSeconds(10));
    }

    /** Starts a fake upstream on 127.0.0.1 with the given configuration. */
    public static FakeUpstream start(FakeUpstreamConfig config) {
        return start(config, DEFAULT_HOST);
    }

    /** Starts a fake upstream bound to {@code host} (use 127.0.0.1 unless you really need another address). */
    public static FakeUpstream start(FakeUpstreamConfig config, String host) {
        return new FakeUpstream(config == null ? FakeUpstreamConfig.defaults() : config, host);
    }

    /** Starts a fake upstream on a random free port of 127.0.0.1 with {@link FakeUpstreamConfig#defaults()}. */
    public static FakeUpstream start() {
        return start(FakeUpstreamConfig.defaults());
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>} (no trailing slash). */
    public String baseUrl() {
        return "http://" + host + ":" + port();
    }

    public FakeUpstreamConfig config() {
        return config;
    }

    /**
     * Stops the server, frees the port and closes every open connection (idle keep-alive ones and in-flight
     * requests or streams alike), so that clients cannot keep talking to a stopped fake over pooled connections.
     */
    @Override
    public void close() {
        if (server.isDisposed()) {
            return;
        }
        server.dispose();                                   // stop accepting, free the port
        connections.close().awaitUninterruptibly(2000);     // cut keep-alive and in-flight connections too
        try {
            server.onDispose().block(Duration.ofSeconds(2));
        } catch (RuntimeException ignored) {
            // timed out waiting: the listening socket is closed anyway
        }
    }

    /** Number of chat requests received ({@code POST /api/chat} and {@code POST /v1/chat/completions}). */
    public int chatRequests() {
        return chatRequests.get();
    }

    /** Number of streamed responses whose client went away before the end of the stream. */
    public int cancelledStreams() {
        return cancelledStreams.get();
    }

    /** Number of embedding requests received ({@code /api/embed}, {@code /api/embeddings}, {@code /v1/embeddings}). */
    public int embeddingRequests() {
        return embeddingRequests.get();
    }

    /** Number of HTTP requests of any kind received. */
    public int totalRequests() {
        return totalRequests.get();
    }

    /** Raw body of the last chat request received, or {@code null}. */
    public String lastChatRequestBody() {
        return lastChatRequestBody;
    }

    /** When down, every request is answered 503 with the protocol's error body (dead-but-listening upstream). */
    public void setDown(boolean down) {
        this.down = down;
    }

    public boolean isDown() {
        return down;
    }

    /** Resets the counters and the last chat request body (does not change the down state). */
    public void reset() {
        chatRequests.set(0);
        cancelledStreams.set(0);
        embeddingRequests.set(0);
        totalRequests.set(0);
        lastChatRequestBody = null;
    }

    @Override
    public String toString() {
        return "FakeUpstream[" + baseUrl() + ", models=" + config.models() + "]";
    }

    // ------------------------------------------------------------------------------------------------ internals

    List<String> models() {
        return config.models();
    }

    boolean hasModel(String model) {
        return model != null && config.models().contains(model);
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    StreamGuard newStreamGuard() {
        return new StreamGuard(cancelledStreams::incrementAndGet);
    }

    void countEmbedding() {
        embeddingRequests.incrementAndGet();
    }

    private Mono<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        totalRequests.incrementAndGet();
        String path = req.uri();
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        final String p = path;
        boolean openAiPath = p.equals("/v1") || p.startsWith("/v1/");
        boolean chat = req.method() == HttpMethod.POST && (p.equals("/api/chat") || p.equals("/v1/chat/completions"));
        Mono<String> body = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD
                ? Mono.just("")
                : req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("");
        return body.flatMap(b -> {
            if (chat) {
                chatRequests.incrementAndGet();
                lastChatRequestBody = b;
            }
            if (down) {
                return openAiPath
                        ? openAi.error(res, 503, "The server is overloaded or not ready yet.")
                        : ollama.error(res, 503, "server unavailable");
            }
            return openAiPath ? openAi.handle(req, res, p, b) : ollama.handle(req, res, p, b);
        }).onErrorResume(e -> {
            if (res.hasSentHeaders()) {
                return Mono.error(e);
            }
            String message = "fake upstream failure: " + e;
            return openAiPath ? openAi.error(res, 500, message) : ollama.error(res, 500, message);
        });
    }

    // ---------------------------------------------------------------------------------------- shared helpers

    static Mono<Void> send(HttpServerResponse res, int status, String contentType, String body) {
        return res.status(status)
                .header("Content-Type", contentType)
                .sendString(Mono.just(body), StandardCharsets.UTF_8)
                .then();
    }

    /**
     * Streams the given steps (each a piece of the body flushed at once), waiting {@code stepDelayMs} between
     * steps after the first. When {@code cutAfter >= 0}, only that many steps are sent and then the TCP
     * connection is closed without terminating the response.
     */
    Mono<Void> stream(HttpServerResponse res, String contentType, List<String> steps, long stepDelayMs,
                      int cutAfter, StreamGuard guard) {
        List<String> toSend = cutAfter >= 0 ? steps.subList(0, Math.min(cutAfter, steps.size())) : steps;
        Flux<String> flux;
        if (stepDelayMs > 0 && toSend.size() > 1) {
            flux = Flux.concat(Mono.just(toSend.get(0)), Flux.fromIterable(toSend.subList(1, toSend.size()))
                    .concatMap(s -> sleep(res, stepDelayMs).thenReturn(s)));
        } else {
            flux = Flux.fromIterable(toSend);
        }
        NettyOutbound out = res.status(200)
                .header("Content-Type", contentType)
                .header("Cache-Control", "no-cache")
                .sendString(flux.doOnCancel(guard::cancel), StandardCharsets.UTF_8);
        if (cutAfter < 0) {
            return out.then().doOnSuccess(v -> guard.complete()).doOnCancel(guard::cancel);
        }
        // the partial chunks are flushed; give the client a moment to process them (like a model that dies
        // while generating), then cut the connection
        return out.then()
                .doOnCancel(guard::cancel)
                .then(Mono.defer(() -> {
                    guard.complete();
                    return sleep(res, Math.max(20, stepDelayMs)).then(abort(res));
                }));
    }

    /** Closes the TCP connection abruptly (no response, or a truncated one). */
    static Mono<Void> abort(HttpServerResponse res) {
        return Mono.create(sink -> res.withConnection(c -> c.channel().close().addListener(f -> sink.success())));
    }

    /**
     * Runs {@code action} after {@code delayMs}, on the connection's own event loop (a Netty timer: no extra
     * thread, and the response is started from the event loop, which Reactor Netty needs for streamed bodies).
     */
    static Mono<Void> delayed(HttpServerResponse res, long delayMs, Mono<Void> action) {
        return delayMs > 0 ? sleep(res, delayMs).then(action) : action;
    }

    /** Completes after {@code delayMs} on the connection's event loop; cancelling cancels the timer. */
    static Mono<Void> sleep(HttpServerResponse res, long delayMs) {
        return Mono.create(sink -> {
            EventLoop[] loop = new EventLoop[1];
            res.withConnection(c -> loop[0] = c.channel().eventLoop());
            if (loop[0] == null) {
                sink.success();
                return;
            }
            ScheduledFuture<?> timer = loop[0].schedule((Runnable) sink::success, delayMs, TimeUnit.MILLISECONDS);
            sink.onCancel(() -> timer.cancel(false));
        });
    }
}
