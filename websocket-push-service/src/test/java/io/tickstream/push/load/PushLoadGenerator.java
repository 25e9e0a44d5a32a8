package io.tickstream.push.load;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.buffer.ByteBuf;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamEntryCodec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator and benchmark for the push service (a test-scope main, run by
 * {@code scripts/bench-push.sh}): opens N WebSocket connections (Reactor Netty, one process, optional
 * several loopback source addresses), subscribes each to K of S ticker channels, then appends quotes
 * to the market data stream at a fixed rate through the common codec with {@code ingestTime} = now,
 * and measures on every client: delivered messages per second and latency from XADD to receipt.
 * It also reports the heap per idle connection (server heap after a full GC, before and after the
 * connections are open and subscribed) and the CPU of both processes.
 *
 * <p>Arguments ({@code --name=value}): {@code url} (ws://127.0.0.1:8083/ws), {@code connections}
 * (10000), {@code symbols} (20), {@code per-connection} (5), {@code updates-per-second} (24),
 * {@code warmup} (5s), {@code duration} (30s), {@code redis} (redis://127.0.0.1:6379),
 * {@code stream} (crypto:market_data), {@code server-pid} (for CPU, heap via jcmd),
 * {@code actuator} (http://127.0.0.1:9083/actuator), {@code source-addresses} (1: 127.0.0.1 only;
 * n: 127.0.0.1..127.0.0.n), {@code connect-concurrency} (200), {@code source-first} (1: addresses start at 127.0.0.first), {@code hold} (idle mode: connect, subscribe,
 * print {@code READY} and keep the connections until ended), {@code probe} (n: only measure n subscribe round
 * trips on one connection), {@code label} (push: names the
 * {@code RESULT} line the script reads). {@code actuator=none} (the reference server has none) skips the
 * heap and counter readings.
 */
public final class PushLoadGenerator {

    private final Map<String, String> args;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LongAdder messages = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder snapshots = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private volatile boolean measuring;

    private PushLoadGenerator(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : argv) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            args.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        System.exit(new PushLoadGenerator(args).run());
    }

    private String arg(String name, String fallback) {
        return args.getOrDefault(name, fallback);
    }

    private int run() throws Exception {
        if (args.containsKey("probe")) {
            return probe(arg("url", "ws://127.0.0.1:8083/ws"), Integer.parseInt(arg("probe", "300")));
        }
        int connections = Integer.parseInt(arg("connections", "10000"));
        int symbols = Integer.parseInt(arg("symbols", "20"));
        int perConnection = Integer.parseInt(arg("per-connection", "5"));
        double rate = Double.parseDouble(arg("updates-per-second", "24"));
        Duration warmup = Duration.parse("PT" + arg("warmup", "5s").toUpperCase());
        Duration duration = Duration.parse("PT" + arg("duration", "30s").toUpperCase());
        String url = arg("url", "ws://127.0.0.1:8083/ws");
        String actuator = arg("actuator", "http://127.0.0.1:9083/actuator");
        long serverPid = Long.parseLong(arg("server-pid", "0"));
        int sourceAddresses = Integer.parseInt(arg("source-addresses", "1"));
        int sourceFirst = Integer.parseInt(arg("source-first", "1"));

        if (!enoughFileDescriptors(connections)) {
            return 2;
        }
        if (connections / sourceAddresses > 25_000) {
            System.out.printf("ERROR: %d connections from %d source address(es) exceed the ~28k ephemeral ports of one address;%n"
                    + "  pass --source-addresses=%d (127.0.0.1..127.0.0.n are all loopback on Linux)%n",
                    connections, sourceAddresses, connections / 25_000 + 1);
            return 2;
        }
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < symbols; i++) {
            channels.add("ticker:LOAD" + i);
        }

        boolean withActuator = !actuator.equals("none");
        long heapBefore = withActuator ? serverHeapAfterGc(serverPid, actuator) : 0;
        LoopResources loops = LoopResources.create("load", Math.max(1, Runtime.getRuntime().availableProcessors()), true);
        HttpClient base = HttpClient.create(ConnectionProvider.newConnection()).runOn(loops);
        long connectStart = System.nanoTime();
        Flux.range(0, connections)
                .flatMap(i -> connect(base, url, i, sourceFirst, sourceAddresses, subscribe(channels, i, perConnection)),
                        Integer.parseInt(arg("connect-concurrency", "200")))
                .subscribe();
        long expectedSnapshots = (long) connections * perConnection;
        long lastProgress = System.nanoTime();
        long lastSnapshots = -1;
        while (snapshots.sum() < expectedSnapshots && System.nanoTime() - lastProgress < Duration.ofSeconds(20).toNanos()
                && failed.get() < connections / 10) {
            Thread.sleep(1000);
            long now = snapshots.sum();
            if (now != lastSnapshots) {
                lastProgress = System.nanoTime();
                lastSnapshots = now;
            }
            System.out.printf("  connecting: %d open, %d failed, %d of %d snapshots%n", open.get(), failed.get(), now, expectedSnapshots);
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        if (snapshots.sum() < expectedSnapshots) {
            System.out.printf("ERROR: only %d of %d connections subscribed (%d failed)%n", open.get(), connections, failed.get());
            return 1;
        }
        Thread.sleep(2000);
        if (args.containsKey("hold")) {
            // idle mode (scripts/bench-push.sh --idle): keep the connections open until the script ends this process
            System.out.printf("READY %d connections subscribed in %.1f s%n", open.get(), connectSeconds);
            Thread.sleep(Long.MAX_VALUE);
        }
        long heapIdle = withActuator ? serverHeapAfterGc(serverPid, actuator) : 0;

        RedisClient redis = RedisClient.create(arg("redis", "redis://127.0.0.1:6379"));
        StatefulRedisConnection<String, String> connection = redis.connect();
        String stream = arg("stream", "crypto:market_data");
        // the quote stream is partitioned by symbol (Partitions): each symbol's quotes go to its partition's key
        String[] keys = new String[symbols];
        for (int i = 0; i < symbols; i++) {
            keys[i] = Partitions.defaults().keyFor(stream, "LOAD" + i);
        }
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        Random random = new Random(7);
        AtomicLong published = new AtomicLong();
        BigDecimal[] prices = new BigDecimal[symbols];
        for (int i = 0; i < symbols; i++) {
            prices[i] = BigDecimal.valueOf(100 + i * 10);
        }
        publisher.scheduleAtFixedRate(() -> {
            int s = (int) (published.getAndIncrement() % symbols);
            prices[s] = prices[s].multiply(BigDecimal.valueOf(1 + (random.nextDouble() - 0.5) / 500)).setScale(4, RoundingMode.HALF_UP);
            long now = System.currentTimeMillis();
            String source = random.nextBoolean() ? "binance" : "consensus";
            Quote quote = new Quote(EventMeta.of(Quote.idempotencyKey(source, "LOAD" + s, "USD", now), source, now, now,
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), "LOAD" + s, "USD", prices[s],
                    null, null, null, null, null, false,
                    source.equals("consensus") ? new Quote.Consensus(2, prices[s], prices[s]) : null);
            connection.async().xadd(keys[s], StreamEntryCodec.encode(quote));
        }, 0, (long) (1_000_000 / rate), TimeUnit.MICROSECONDS);

        Thread.sleep(warmup.toMillis());
        latency.reset();
        messages.reset();
        bytes.reset();
        long publishedAtStart = published.get();
        long ownCpuStart = ownCpuNanos();
        long serverCpuStart = processCpuNanos(serverPid);
        long start = System.nanoTime();
        measuring = true;
        Thread.sleep(duration.toMillis());
        measuring = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        long delivered = messages.sum();
        long ownCpu = ownCpuNanos() - ownCpuStart;
        long serverCpu = processCpuNanos(serverPid) - serverCpuStart;
        long publishedDuring = published.get() - publishedAtStart;
        publisher.shutdownNow();

        double expected = publishedDuring * (double) connections * perConnection / symbols;
        System.out.println();
        System.out.println("== push benchmark " + java.time.Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, load " + loadAverage());
        System.out.printf("connections                 %d open (%d failed, %d closed), each on %d of %d symbols, opened in %.1f s%n",
                open.get(), failed.get(), closed.get(), perConnection, symbols, connectSeconds);
        System.out.printf("updates appended            %.1f /s (XADD of one quote)%n", publishedDuring / seconds);
        System.out.printf("messages delivered          %.0f /s  (%.1f %% of the %.0f /s due; target >= 50000 /s)%n",
                delivered / seconds, 100.0 * delivered / Math.max(1, expected), expected / seconds);
        System.out.printf("latency XADD -> receipt     p50 %d ms, p90 %d ms, p99 %d ms, p99.9 %d ms, max %d ms (target p99 <= 50 ms)%n",
                latency.quantile(0.5), latency.quantile(0.9), latency.quantile(0.99), latency.quantile(0.999), latency.quantile(1.0));
        System.out.printf("CPU                         server %.0f %%, generator %.0f %% (100 %% = one core)%n",
                100.0 * serverCpu / (seconds * 1e9), 100.0 * ownCpu / (seconds * 1e9));
        if (heapBefore > 0 && heapIdle > 0) {
            System.out.printf("heap per idle connection    %.1f KB (server heap after full GC: %.1f MB -> %.1f MB with %d subscribed connections; target <= 20 KB)%n",
                    (heapIdle - heapBefore) / 1024.0 / connections, heapBefore / 1048576.0, heapIdle / 1048576.0, connections);
        } else {
            System.out.println("heap per idle connection    not measured (pass --server-pid and --actuator)");
        }
        if (withActuator) {
            System.out.println("server counters             " + serverCounters(actuator));
        }
        System.out.printf("bytes per message           %.0f%n", bytes.sum() / (double) Math.max(1, delivered));
        // one line for scripts/bench-push.sh to read
        System.out.printf(java.util.Locale.ROOT, "RESULT label=%s rate=%.0f due=%.0f p50=%d p90=%d p99=%d max=%d server_cpu=%.0f generator_cpu=%.0f heap_kb=%.1f%n",
                arg("label", "push"), delivered / seconds, expected / seconds, latency.quantile(0.5), latency.quantile(0.9),
                latency.quantile(0.99), latency.quantile(1.0), 100.0 * serverCpu / (seconds * 1e9), 100.0 * ownCpu / (seconds * 1e9),
                heapBefore > 0 && heapIdle > 0 ? (heapIdle - heapBefore) / 1024.0 / connections : -1.0);
        connection.close();
        redis.shutdown();
        loops.disposeLater().subscribe(); // the process exits right after; 10,000 connections need not close politely
        return 0;
    }

    /**
     * Probe mode ({@code --probe=n}): one connection subscribes to a channel, waits for its snapshot, unsubscribes,
     * waits for the answer, n times, 20 ms apart; prints the subscribe round trip (request sent to snapshot
     * received). Run while many idle connections are open, it tells whether the instance stays responsive.
     */
    private int probe(String url, int rounds) throws Exception {
        LatencyHistogram roundTrips = new LatencyHistogram();
        java.util.concurrent.BlockingQueue<String> replies = new java.util.concurrent.LinkedBlockingQueue<>();
        Sinks.Many<String> requests = Sinks.many().unicast().onBackpressureBuffer();
        LoopResources loops = LoopResources.create("probe", 1, true);
        HttpClient.create(ConnectionProvider.newConnection()).runOn(loops)
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build()).uri(url)
                .handle((in, out) -> out.sendString(requests.asFlux()).then()
                        .and(in.receive().asString().doOnNext(replies::add)))
                .subscribe(null, e -> System.out.println("  probe connection failed: " + e));
        long maxNanos = 0;
        for (int i = 0; i < rounds; i++) {
            String channel = "ticker:LOAD" + (i % 20);
            long start = System.nanoTime();
            requests.tryEmitNext("{\"op\":\"subscribe\",\"channels\":[\"" + channel + "\"]}");
            if (!awaitReply(replies, "\"type\":\"snapshot\"")) {
                System.out.println("ERROR: no snapshot within 10 s");
                return 1;
            }
            long nanos = System.nanoTime() - start;
            maxNanos = Math.max(maxNanos, nanos);
            roundTrips.record(nanos / 1_000_000);
            requests.tryEmitNext("{\"op\":\"unsubscribe\",\"channels\":[\"" + channel + "\"]}");
            awaitReply(replies, "\"type\":\"unsubscribed\"");
            Thread.sleep(20);
        }
        System.out.printf("subscribe round trip        p50 %d ms, p99 %d ms, max %.1f ms over %d subscribes (target p99 < 50 ms)%n",
                roundTrips.quantile(0.5), roundTrips.quantile(0.99), maxNanos / 1e6, rounds);
        System.out.printf(java.util.Locale.ROOT, "RESULT label=%s sub_p50=%d sub_p99=%d sub_max=%.1f%n", arg("label", "probe"),
                roundTrips.quantile(0.5), roundTrips.quantile(0.99), maxNanos / 1e6);
        loops.disposeLater().subscribe();
        return 0;
    }

    private static boolean awaitReply(java.util.concurrent.BlockingQueue<String> replies, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String reply = replies.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (reply != null && reply.contains(type)) {
                return true;
            }
        }
        return false;
    }

    private static String subscribe(List<String> channels, int connection, int perConnection) {
        StringBuilder json = new StringBuilder("{\"op\":\"subscribe\",\"channels\":[");
        for (int k = 0; k < perConnection; k++) {
            json.append(k == 0 ? "" : ",").append('"').append(channels.get((connection * perConnection + k) % channels.size())).append('"');
        }
        return json.append("]}").toString();
    }

    private Mono<Void> connect(HttpClient base, String url, int index, int sourceFirst, int sourceAddresses, String subscribe) {
        HttpClient client = sourceAddresses <= 1 && sourceFirst == 1 ? base
                : base.bindAddress(() -> new InetSocketAddress("127.0.0." + (sourceFirst + index % sourceAddresses), 0));
        // completes once the connection is open, so only handshakes count against the connect concurrency
        Sinks.One<Void> opened = Sinks.one();
        client.websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build())
                .uri(url)
                .handle((in, out) -> {
                    open.incrementAndGet();
                    opened.tryEmitEmpty();
                    return out.sendString(Mono.just(subscribe)).then()
                            .thenMany(in.receive().doOnNext(this::received))
                            .doFinally(signal -> closed.incrementAndGet());
                })
                .subscribe(null, e -> {
                    if (failed.incrementAndGet() <= 5) {
                        System.out.println("  connection failed: " + e);
                    }
                    opened.tryEmitEmpty();
                });
        return opened.asMono();
    }

    /** Counts a message and records XADD-to-receipt latency from its {@code "ts"} (ingestTime) field. */
    private void received(ByteBuf frame) {
        long now = System.currentTimeMillis();
        int start = frame.readerIndex();
        // {"type":"update"... or {"type":"snapshot"...
        if (frame.readableBytes() > 10 && frame.getByte(start + 9) == 's') {
            snapshots.increment();
            return;
        }
        if (!measuring) {
            return;
        }
        messages.increment();
        bytes.add(frame.readableBytes());
        long ts = timestamp(frame);
        if (ts > 0) {
            latency.record(now - ts);
        }
    }

    private static long timestamp(ByteBuf frame) {
        int end = Math.min(frame.writerIndex(), frame.readerIndex() + 400);
        for (int i = frame.readerIndex(); i < end - 5; i++) {
            if (frame.getByte(i) == '"' && frame.getByte(i + 1) == 't' && frame.getByte(i + 2) == 's'
                    && frame.getByte(i + 3) == '"' && frame.getByte(i + 4) == ':') {
                long value = 0;
                for (int j = i + 5; j < end; j++) {
                    byte b = frame.getByte(j);
                    if (b < '0' || b > '9') {
                        return value;
                    }
                    value = value * 10 + (b - '0');
                }
            }
        }
        return -1;
    }

    private static boolean enoughFileDescriptors(int connections) throws IOException {
        long limit = openFilesLimit();
        if (limit >= 0 && limit < connections + 500L) {
            System.out.printf("ERROR: this process may open %d files, but %d connections need about %d.%n"
                    + "  Raise it before running (the server needs as many): ulimit -n %d  (hard limit: ulimit -Hn)%n",
                    limit, connections, connections + 500, connections + 1000);
            return false;
        }
        return true;
    }

    private static long openFilesLimit() throws IOException {
        Path limits = Path.of("/proc/self/limits");
        if (!Files.exists(limits)) {
            return -1;
        }
        for (String line : Files.readAllLines(limits)) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return -1;
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of a process from /proc, in ns; 0 when unknown. */
    private static long processCpuNanos(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (pid <= 0 || !Files.exists(stat)) {
            return 0;
        }
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10_000_000L; // USER_HZ = 100
    }

    /** Server heap used after a full GC (jcmd GC.run, then the actuator's jvm.memory.used); 0 when unknown. */
    private static long serverHeapAfterGc(long pid, String actuator) throws Exception {
        if (pid <= 0) {
            return 0;
        }
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(1000);
        String body = get(actuator + "/metrics/jvm.memory.used?tag=area:heap");
        Matcher value = Pattern.compile("\"value\"\\s*:\\s*([0-9.E+]+)").matcher(body);
        return value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
    }

    private static String serverCounters(String actuator) {
        try {
            String body = get(actuator + "/prometheus");
            StringBuilder out = new StringBuilder();
            for (String line : body.split("\n")) {
                if (line.startsWith("tickstream_push_messages_conflated_total") || line.startsWith("tickstream_push_messages_dropped_total")
                        || line.startsWith("tickstream_push_disconnects_total") || line.startsWith("tickstream_push_connections")) {
                    out.append(line.replaceAll("\\{[^}]*application=\"[^\"]*\",?", "{")).append("; ");
                }
            }
            return out.toString();
        } catch (Exception e) {
            return "unavailable: " + e;
        }
    }

    private static String get(String url) throws Exception {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
