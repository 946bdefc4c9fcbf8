package io.toolgate.loadtest;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import io.toolgate.loadtest.load.LoadCli;
import io.toolgate.loadtest.upstream.FakeUpstream;
import io.toolgate.loadtest.upstream.FakeUpstreamConfig;
import io.toolgate.loadtest.websearch.FakeSearchServer;
import io.toolgate.loadtest.websearch.FakeSearxng;
import io.toolgate.loadtest.websearch.FakeTavily;

/**
 * Entry point of {@code toolgate-loadtest.jar}: {@code upstream}, {@code tavily}, {@code searxng}, {@code load} and
 * {@code compare} subcommands.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "upstream" -> upstream(rest);
            case "tavily" -> tavily(rest);
            case "searxng" -> searxng(rest);
            case "load" -> System.exit(LoadCli.load(rest));
            case "compare" -> System.exit(LoadCli.compare(rest));
            default -> {
                System.err.println("unknown command: " + args[0]);
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                usage:
                  java -jar toolgate-loadtest.jar upstream [--port N] [--host 127.0.0.1] [--models a,b] [--api-key K]
                                                          [--token-delay-ms N] [--embedding-dimensions N]
                  java -jar toolgate-loadtest.jar tavily [--port N] [--host 127.0.0.1] [--api-key tvly-...]
                  java -jar toolgate-loadtest.jar searxng [--port N] [--host 127.0.0.1] [--formats html,json]
                  java -jar toolgate-loadtest.jar load --url URL --rate R --duration S [options]
                  java -jar toolgate-loadtest.jar compare --url GATEWAY_URL --baseline-url FAKE_URL --rate R --duration S [options]
                  (run 'load --help' for the load options)""");
    }

    static void upstream(String[] args) throws InterruptedException {
        FakeUpstreamConfig.Builder b = FakeUpstreamConfig.builder();
        String host = FakeUpstream.DEFAULT_HOST;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> b.port(Integer.parseInt(args[++i]));
                case "--host" -> host = args[++i];
                case "--models" -> b.models(List.of(args[++i].split(",")));
                case "--api-key" -> b.apiKey(args[++i]);
                case "--token-delay-ms" -> b.defaultTokenDelayMs(Long.parseLong(args[++i]));
                case "--embedding-dimensions" -> b.embeddingDimensions(Integer.parseInt(args[++i]));
                default -> {
                    System.err.println("unknown option: " + a);
                    usage();
                    System.exit(2);
                }
            }
        }
        FakeUpstream fake = FakeUpstream.start(b.build(), host);
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-upstream-shutdown"));
        System.out.println("fake upstream listening on " + fake.baseUrl());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    static void tavily(String[] args) throws InterruptedException {
        int port = 0;
        String host = FakeSearchServer.DEFAULT_HOST;
        String key = FakeTavily.DEFAULT_API_KEY;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                case "--api-key" -> key = args[++i];
                default -> unknownOption(args[i]);
            }
        }
        FakeTavily fake = FakeTavily.start(port, host, key);
        serve(fake, "fake Tavily listening on " + fake.baseUrl() + " (POST /search, key " + key + ")");
    }

    static void searxng(String[] args) throws InterruptedException {
        int port = 0;
        String host = FakeSearchServer.DEFAULT_HOST;
        Set<String> formats = Set.of("html", "json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                case "--formats" -> formats = Set.of(args[++i].split(","));
                default -> unknownOption(args[i]);
            }
        }
        FakeSearxng fake = FakeSearxng.start(port, host, formats);
        serve(fake, "fake SearXNG listening on " + fake.baseUrl() + " (GET /search?q=...&format=json, formats "
                + fake.formats() + ")");
    }

    private static void serve(FakeSearchServer fake, String banner) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-search-shutdown"));
        System.out.println(banner);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static void unknownOption(String option) {
        System.err.println("unknown option: " + option);
        usage();
        System.exit(2);
    }
}
