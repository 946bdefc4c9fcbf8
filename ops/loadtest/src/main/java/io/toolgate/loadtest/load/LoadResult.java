package io.toolgate.loadtest.load;

import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Results of one load run. Latencies are in milliseconds, measured from the <em>intended</em> send time of
 * each request (open-loop, no coordinated omission) to the end of its response.
 *
 * @param sent            requests sent during the measured period (warm-up excluded)
 * @param ok              2xx responses (and, when streaming, complete streams) of the measured period
 * @param errors          failures of the measured period by HTTP status or error kind (e.g. "503", "timeout",
 *                        "truncated", "connection")
 * @param offeredRate     requests per second asked for
 * @param sendRate        requests per second actually sent during the measured period
 * @param throughput      successful responses per second during the measured period
 * @param maxInFlight     maximum number of requests in flight observed (whole run)
 * @param latency         total latency of successful requests
 * @param ttft            time to first content token (streaming only)
 * @param interChunk      inter-arrival time between successive content chunks of a stream (streaming only)
 */
public record LoadResult(String url, boolean stream, double offeredRate, double durationSec, double warmupSec,
                         long sent, long ok, Map<String, Long> errors, double sendRate, double throughput,
                         int maxInFlight, Percentiles latency, Percentiles ttft, Percentiles interChunk) {

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "target:      %s (stream=%s, rate=%.1f/s, duration=%.1fs, warmup=%.1fs)%n",
                url, stream, offeredRate, durationSec, warmupSec));
        sb.append(String.format(Locale.ROOT, "sent:        %d   ok: %d   errors: %d %s%n", sent, ok, errorCount(),
                errors.isEmpty() ? "" : errors.toString()));
        sb.append(String.format(Locale.ROOT, "throughput:  %.1f ok/s (sent %.1f/s, offered %.1f/s), max in-flight: %d%n",
                throughput, sendRate, offeredRate, maxInFlight));
        sb.append("latency ms:  ").append(latency.format()).append(System.lineSeparator());
        if (stream) {
            sb.append("ttft ms:     ").append(ttft.format()).append(System.lineSeparator());
            sb.append("chunk gap ms:").append(' ').append(interChunk.format()).append(System.lineSeparator());
        }
        return sb.toString();
    }

    public ObjectNode toJson(JsonMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("url", url);
        o.put("stream", stream);
        o.put("offeredRate", offeredRate);
        o.put("durationSec", durationSec);
        o.put("warmupSec", warmupSec);
        o.put("sent", sent);
        o.put("ok", ok);
        ObjectNode err = o.putObject("errors");
        errors.forEach(err::put);
        o.put("sendRate", sendRate);
        o.put("throughput", throughput);
        o.put("maxInFlight", maxInFlight);
        o.set("latencyMs", latency.toJson(mapper));
        if (stream) {
            o.set("ttftMs", ttft.toJson(mapper));
            o.set("interChunkMs", interChunk.toJson(mapper));
        }
        return o;
    }
}
