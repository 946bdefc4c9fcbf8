package io.toolgate.loadtest.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Open-loop HTTP load generator: requests are issued at a fixed rate from one pacing thread, whatever the
 * responses do, and each latency is measured from the request's <em>intended</em> send time (so queueing in
 * the client or the server is not hidden: no coordinated omission). I/O is non-blocking on Reactor Netty event
 * loops, so thousands of requests can be in flight with a couple of cores.
 */
public final class LoadGenerator {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final int PRIMING_REQUESTS = 3;

    private final LoadOptions options;
    private final byte[] body;

    private final ConcurrentHistogram latency = new ConcurrentHistogram(4);
    private final ConcurrentHistogram ttft = new ConcurrentHistogram(4);
    private final ConcurrentHistogram interChunk = new ConcurrentHistogram(4);
    private final LongAdder sent = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong firstMeasuredCompletion = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastMeasuredCompletion = new AtomicLong(Long.MIN_VALUE);
    private volatile long measureStart;

    public LoadGenerator(LoadOptions options) {
        this.options = options;
        this.body = requestBody(options).getBytes(StandardCharsets.UTF_8);
    }

    /** Runs the load and blocks the calling thread until every request has completed or timed out. */
    public static LoadResult run(LoadOptions options) {
        return new LoadGenerator(options).run();
    }

    static String requestBody(LoadOptions o) {
        if (o.body() != null) {
            return o.body();
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", o.model());
        ObjectNode msg = root.putArray("messages").addObject();
        msg.put("role", "user");
        msg.put("content", o.prompt());
        root.put("stream", o.stream());
        return MAPPER.writeValueAsString(root);
    }

    public LoadResult run() {
        int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        LoopResources loops = LoopResources.create("loadgen", workers, true);
        ConnectionProvider pool = ConnectionProvider.builder("loadgen")
                .maxConnections(options.maxInFlight())
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMillis((long) (options.timeoutSec() * 1000)))
                .build();
        try {
            HttpClient client = HttpClient.create(pool)
                    .runOn(loops)
                    .headers(h -> {
                        h.set("Content-Type", "application/json");
                        h.set("Accept", options.stream() ? "text/event-stream, application/x-ndjson" : "application/json");
                        if (options.apiKey() != null) {
                            h.set("Authorization", "Bearer " + options.apiKey());
                        }
                    });
            return drive(client);
        } finally {
            pool.disposeLater().block(Duration.ofSeconds(5));
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
        }
    }

    /**
     * Sends a few requests (in parallel, waiting at most 5 s) before the clock starts so that class loading, the first connection and
     * the first JIT compilations do not show up as a latency spike. Their outcome is ignored.
     */
    private void prime(HttpClient client) {
        try {
            reactor.core.publisher.Flux.range(0, PRIMING_REQUESTS)
                    .flatMap(i -> client.post()
                            .uri(options.url())
                            .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                            .response((res, content) -> content.then(Mono.just(res.status().code())))
                            .single()
                            .onErrorResume(e -> Mono.empty()))
                    .then()
                    .block(Duration.ofMillis((long) Math.min(options.timeoutSec() * 1000, 5_000)));
        } catch (RuntimeException e) {
            // slow or down target: the run itself will show it
        }
    }

    private LoadResult drive(HttpClient client) {
        prime(client);
        double intervalNanos = 1e9 / options.rate();
        long warmupNanos = (long) (options.warmupSec() * 1e9);
        long totalNanos = warmupNanos + (long) (options.durationSec() * 1e9);
        long start = System.nanoTime() + 20_000_000L;
        measureStart = start + warmupNanos;
        long end = start + totalNanos;
        long timeoutNanos = (long) (options.timeoutSec() * 1e9);
        for (long i = 0; ; i++) {
            long intended = start + (long) (i * intervalNanos);
            if (intended - end >= 0) {
                break;
            }
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            fire(client, intended);
        }
        long sendEnd = System.nanoTime();
        long deadline = sendEnd + timeoutNanos + 2_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000L);
        }
        // completions per second over the span in which the measured requests completed
        long first = firstMeasuredCompletion.get();
        long last = lastMeasuredCompletion.get();
        long okCount = ok.sum();
        double throughput = okCount > 1 && last > first
                ? (okCount - 1) / (Math.max(last - first, (long) (options.durationSec() * 1e9) / 2) / 1e9)
                : okCount / options.durationSec();
        Map<String, Long> errs = new TreeMap<>();
        errors.forEach((k, v) -> errs.put(k, v.sum()));
        long stillInFlight = inFlight.get();
        if (stillInFlight > 0) {
            errs.merge("unfinished", stillInFlight, Long::sum);
        }
        return new LoadResult(options.url().toString(), options.stream(), options.rate(), options.durationSec(),
                options.warmupSec(), sent.sum(), ok.sum(), errs, sent.sum() / options.durationSec(),
                throughput, maxInFlight.get(), Percentiles.ofMicros(latency),
                Percentiles.ofMicros(ttft), Percentiles.ofMicros(interChunk));
    }

    private void fire(HttpClient client, long intended) {
        boolean measured = intended - measureStart >= 0;
        if (measured) {
            sent.increment();
        }
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        StreamState state = options.stream() ? new StreamState(intended, measured) : null;
        client.post()
                .uri(options.url())
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .response((res, content) -> {
                    int status = res.status().code();
                    if (state == null || status < 200 || status >= 300) {
                        return content.then(Mono.just(status));
                    }
                    return content.doOnNext(state::onData).then(Mono.fromSupplier(() -> state.done ? status : -1));
                })
                .single()
                .timeout(Duration.ofNanos((long) (options.timeoutSec() * 1e9)))
                .subscribe(
                        status -> complete(intended, measured, status, null),
                        error -> complete(intended, measured, 0, error));
    }

    private void complete(long intended, boolean measured, int status, Throwable error) {
        long now = System.nanoTime();
        inFlight.decrementAndGet();
        if (!measured) {
            return;
        }
        firstMeasuredCompletion.accumulateAndGet(now, Math::min);
        lastMeasuredCompletion.accumulateAndGet(now, Math::max);
        if (error != null) {
            errors.computeIfAbsent(errorKind(error), k -> new LongAdder()).increment();
        } else if (status == -1) {
            errors.computeIfAbsent("truncated", k -> new LongAdder()).increment();
        } else if (status >= 200 && status < 300) {
            ok.increment();
            latency.recordValue(Math.max(0, (now - intended) / 1000));
        } else {
            errors.computeIfAbsent(String.valueOf(status), k -> new LongAdder()).increment();
        }
    }

    static String errorKind(Throwable e) {
        if (e instanceof TimeoutException) {
            return "timeout";
        }
        if (e instanceof PrematureCloseException) {
            return "truncated";
        }
        if (e instanceof java.net.ConnectException || e.getClass().getSimpleName().contains("Connect")) {
            return "connection";
        }
        if (e instanceof java.io.IOException) {
            return "io";
        }
        return e.getClass().getSimpleName();
    }

    /** Incremental parser for SSE ("data: ...") and NDJSON streams, tracking content-token arrival times. */
    private final class StreamState {
        final long intended;
        final boolean measured;
        final StringBuilder partial = new StringBuilder();
        long lastContent;
        boolean done;

        StreamState(long intended, boolean measured) {
            this.intended = intended;
            this.measured = measured;
        }

        void onData(ByteBuf buf) {
            long now = System.nanoTime();
            partial.append(buf.toString(StandardCharsets.UTF_8));
            int start = 0;
            int nl;
            while ((nl = partial.indexOf("\n", start)) >= 0) {
                line(partial.substring(start, nl), now);
                start = nl + 1;
            }
            partial.delete(0, start);
        }

        private void line(String line, long now) {
            String data;
            if (line.startsWith("data:")) {
                data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    done = true;
                    return;
                }
            } else if (line.startsWith("{")) {
                data = line;
                if (data.contains("\"done\":true")) {
                    done = true;
                }
            } else {
                return;
            }
            int i = data.indexOf("\"content\":\"");
            boolean content = i >= 0 && i + 11 < data.length() && data.charAt(i + 11) != '"';
            if (!content && data.contains("\"tool_calls\"")) {
                content = true;
            }
            if (!content) {
                return;
            }
            if (measured) {
                if (lastContent == 0) {
                    ttft.recordValue(Math.max(0, (now - intended) / 1000));
                } else {
                    interChunk.recordValue(Math.max(0, (now - lastContent) / 1000));
                }
            }
            lastContent = now;
        }
    }

    /** Copies a histogram (for tests). */
    Histogram latencyHistogram() {
        return latency.copy();
    }
}
