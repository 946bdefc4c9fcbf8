package io.toolgate.loadtest.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import tools.jackson.databind.node.ObjectNode;

/** Command-line front end of the load generator ({@code load} and {@code compare} subcommands). */
public final class LoadCli {

    private LoadCli() {
    }

    static final String USAGE = """
            load options:
              --url URL             full URL (required), e.g. http://127.0.0.1:8080/v1/chat/completions
                                    (a path ending in /api/chat gets an Ollama request body)
              --rate R              requests per second (default 100)
              --duration S          measured seconds (default 10)
              --warmup S            warm-up seconds, not recorded (default 0)
              --stream              ask for a streamed answer; records TTFT and chunk gaps
              --model M             model name (default fake-model)
              --prompt TEXT         user message text; may contain directives, e.g. 'delay:1000' ('\\n' = newline)
              --api-key K           Authorization: Bearer K
              --max-in-flight N     connection pool size (default 2000)
              --timeout S           per-request timeout in seconds (default 60)
              --body JSON|@FILE     raw request body instead of the generated one
              --json FILE           write the results as JSON
            compare: the same options plus
              --baseline-url URL    run the load against this URL first (e.g. the fake upstream directly),
                                    then against --url (e.g. the gateway), and print the difference
              --pause S             pause between the two runs (default 2)
            """;

    public static int load(String[] args) {
        Parsed p;
        try {
            p = parse(args, false);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        if (p == null) {
            System.out.print(USAGE);
            return 0;
        }
        LoadResult r = LoadGenerator.run(p.options);
        System.out.print(r.format());
        if (p.options.jsonFile() != null) {
            write(p.options.jsonFile(), r.toJson(LoadGenerator.MAPPER));
        }
        return 0;
    }

    public static int compare(String[] args) {
        Parsed p;
        try {
            p = parse(args, true);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        if (p == null) {
            System.out.print(USAGE);
            return 0;
        }
        Comparison c = compare(p.options.withUrl(p.baselineUrl), p.options, p.pauseSec);
        System.out.print(c.format());
        if (p.options.jsonFile() != null) {
            write(p.options.jsonFile(), c.toJson());
        }
        return 0;
    }

    /** Runs {@code baseline} then {@code target} and returns both results and their difference. */
    public static Comparison compare(LoadOptions baseline, LoadOptions target, double pauseSec) {
        System.err.println("running baseline " + baseline.url() + " ...");
        LoadResult b = LoadGenerator.run(baseline);
        try {
            Thread.sleep((long) (pauseSec * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.err.println("running target " + target.url() + " ...");
        LoadResult t = LoadGenerator.run(target);
        return new Comparison(b, t);
    }

    /** Baseline (e.g. the fake upstream) vs. target (e.g. the gateway in front of it). */
    public record Comparison(LoadResult baseline, LoadResult target) {

        public Percentiles latencyOverhead() {
            return target.latency().minus(baseline.latency());
        }

        public Percentiles ttftOverhead() {
            return target.ttft().minus(baseline.ttft());
        }

        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append("=== baseline ===").append(System.lineSeparator()).append(baseline.format());
            sb.append("=== target ===").append(System.lineSeparator()).append(target.format());
            sb.append("=== overhead (target - baseline) ===").append(System.lineSeparator());
            sb.append("latency ms:  ").append(diff(latencyOverhead())).append(System.lineSeparator());
            if (target.stream()) {
                sb.append("ttft ms:     ").append(diff(ttftOverhead())).append(System.lineSeparator());
            }
            return sb.toString();
        }

        private static String diff(Percentiles d) {
            return String.format(Locale.ROOT, "p50=%+.3f p90=%+.3f p99=%+.3f p99.9=%+.3f max=%+.3f mean=%+.3f",
                    d.p50(), d.p90(), d.p99(), d.p999(), d.max(), d.mean());
        }

        public ObjectNode toJson() {
            ObjectNode o = LoadGenerator.MAPPER.createObjectNode();
            o.set("baseline", baseline.toJson(LoadGenerator.MAPPER));
            o.set("target", target.toJson(LoadGenerator.MAPPER));
            ObjectNode overhead = o.putObject("overheadMs");
            overhead.set("latency", latencyOverhead().toJson(LoadGenerator.MAPPER));
            if (target.stream()) {
                overhead.set("ttft", ttftOverhead().toJson(LoadGenerator.MAPPER));
            }
            return o;
        }
    }

    private static void write(String file, ObjectNode json) {
        try {
            Files.writeString(Path.of(file), LoadGenerator.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            System.err.println("results written to " + file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    private record Parsed(LoadOptions options, String baselineUrl, double pauseSec) {
    }

    private static Parsed parse(String[] args, boolean compare) {
        String url = null;
        String baselineUrl = null;
        double rate = 100;
        double duration = 10;
        double warmup = 0;
        boolean stream = false;
        String model = null;
        String prompt = null;
        String apiKey = null;
        int maxInFlight = 2000;
        double timeout = 60;
        String body = null;
        String json = null;
        double pause = 2;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--url" -> url = value(args, ++i, a);
                case "--baseline-url" -> baselineUrl = value(args, ++i, a);
                case "--rate" -> rate = Double.parseDouble(value(args, ++i, a));
                case "--duration" -> duration = Double.parseDouble(value(args, ++i, a));
                case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, a));
                case "--stream" -> stream = true;
                case "--model" -> model = value(args, ++i, a);
                case "--prompt" -> prompt = value(args, ++i, a).replace("\\n", "\n");
                case "--api-key" -> apiKey = value(args, ++i, a);
                case "--max-in-flight" -> maxInFlight = Integer.parseInt(value(args, ++i, a));
                case "--timeout" -> timeout = Double.parseDouble(value(args, ++i, a));
                case "--body" -> {
                    String v = value(args, ++i, a);
                    if (v.startsWith("@")) {
                        try {
                            body = Files.readString(Path.of(v.substring(1)));
                        } catch (IOException e) {
                            throw new IllegalArgumentException("cannot read " + v.substring(1));
                        }
                    } else {
                        body = v;
                    }
                }
                case "--json" -> json = value(args, ++i, a);
                case "--pause" -> pause = Double.parseDouble(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        if (compare && baselineUrl == null) {
            throw new IllegalArgumentException("--baseline-url is required for compare");
        }
        LoadOptions o = new LoadOptions(URI.create(url), rate, duration, warmup, stream, model, prompt, apiKey,
                maxInFlight, timeout, body, json);
        return new Parsed(o, baselineUrl, pause);
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }
}
