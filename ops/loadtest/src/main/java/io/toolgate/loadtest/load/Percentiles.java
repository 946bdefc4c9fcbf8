package io.toolgate.loadtest.load;

import org.HdrHistogram.Histogram;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Latency percentiles in milliseconds (recorded in microseconds, so values have microsecond precision).
 */
public record Percentiles(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0, 0);

    /** From a histogram whose values are microseconds. */
    static Percentiles ofMicros(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Percentiles(h.getTotalCount(),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), Math.round(h.getMean()) / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** {@code this - other}, per percentile (count is this one's). */
    public Percentiles minus(Percentiles other) {
        return new Percentiles(count, round(p50 - other.p50), round(p90 - other.p90), round(p99 - other.p99),
                round(p999 - other.p999), round(max - other.max), round(mean - other.mean));
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    String format() {
        if (count == 0) {
            return "(no samples)";
        }
        return String.format(java.util.Locale.ROOT, "p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f mean=%.3f (n=%d)",
                p50, p90, p99, p999, max, mean, count);
    }

    ObjectNode toJson(JsonMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("count", count);
        o.put("p50", p50);
        o.put("p90", p90);
        o.put("p99", p99);
        o.put("p99_9", p999);
        o.put("max", max);
        o.put("mean", mean);
        return o;
    }
}
