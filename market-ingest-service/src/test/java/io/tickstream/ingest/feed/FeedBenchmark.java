package io.tickstream.ingest.feed;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.tickstream.ingest.feed.binance.BinanceFeedProtocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The live-feed path, frames to entries: a local fake Binance sends combined-stream frames over a real
 * WebSocket to a feed runner that decodes, checks trade ids, buffers, encodes and appends to the local Redis.
 * <ol>
 *   <li>sustained: 5,000 trades/s plus 1,000 tickers/s over 20 symbols for {@code seconds}, paced every 10 ms:
 *   entries/s appended, whether it kept up, and the latency from frame receipt to XADD acknowledged (p50/p99);</li>
 *   <li>flat out: {@code trades} trade frames, built beforehand, sent as fast as the pipeline takes them (the
 *   sender pauses while 20,000 are sent and not yet appended): trades appended per second, CPU per entry of this
 *   JVM and of redis-server,
 *   beside the redis-benchmark XADD baseline of the same entry given as an argument.</li>
 * </ol>
 * The fake exchange runs in the same JVM, on the same two cores. The latency percentiles cover the last
 * minute, the 3 s warm-up included. Run by {@code ./tickstream bench feeds}; prints figures, asserts nothing.
 */
public final class FeedBenchmark {

    private static final int SYMBOLS = 20;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int flatOut = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        double baseline = args.length > 2 ? Double.parseDouble(args[2]) : Double.NaN;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < SYMBOLS; i++) {
            symbols.add("S" + (char) ('A' + i) + "X");
        }
        try (FakeExchange exchange = new FakeExchange(); FeedHarness harness = new FeedHarness()) {
            harness.start("bench", new BinanceFeedProtocol(), exchange.url(), symbols, "USDT",
                    FeedHarness.settings(Duration.ofSeconds(30), Duration.ZERO), FeedHarness.feeds(batchSize));
            await().atMost(Duration.ofSeconds(20)).until(() -> exchange.open().size() == 1);
            FakeExchange.Connection connection = exchange.latest();
            long[] ids = new long[SYMBOLS];

            // warm-up: JIT, script cache
            send(connection, symbols, ids, 5_000, 1_000, 3);
            await().atMost(Duration.ofSeconds(60)).until(() -> buffered(harness) == 0);
            long appendedBefore = appended(harness);
            long start = System.nanoTime();
            send(connection, symbols, ids, 5_000, 1_000, seconds);
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            long lagAtEnd = buffered(harness);
            await().atMost(Duration.ofSeconds(120)).until(() -> buffered(harness) == 0);
            double allSeconds = (System.nanoTime() - start) / 1e9;
            long appended = appended(harness) - appendedBefore;
            System.out.printf(Locale.ROOT, "== feed, sustained: 5,000 trades/s + 1,000 tickers/s over %d symbols for %d s "
                    + "(feed batch %d)%n", SYMBOLS, seconds, batchSize);
            System.out.printf(Locale.ROOT, "  entries appended %,d in %.1f s (%.0f entries/s; sending took %.1f s); "
                    + "waiting in the buffer when sending stopped: %d; conflated tickers %.0f; overflow %.0f%n",
                    appended, allSeconds, appended / allSeconds, sendSeconds, lagAtEnd,
                    harness.counter("tickstream.ingest.feed.conflated", "binance"),
                    harness.counter("tickstream.ingest.feed.overflow", "binance"));
            printLatency(harness);

            // flat out: trades only, as fast as the socket takes them. The frames are built before the clock starts
            // (as redis-benchmark's are): formatting them is the fake exchange's cost, not the feed's
            List<String> frames = new ArrayList<>(flatOut);
            for (int n = 0; n < flatOut; n++) {
                int s = n % SYMBOLS;
                frames.add(trade(symbols.get(s), ++ids[s]));
            }
            long before = tradesAppended(harness, symbols);
            long jvmCpu0 = processCpuNanos();
            java.util.Map<String, Long> threadCpu0 = cpuByThreadGroup();
            double redisCpu0 = redisCpuSeconds(harness);
            long t0 = System.nanoTime();
            long appendedAtStart = appended(harness);
            for (int n = 0; n < flatOut; n++) {
                connection.send(frames.get(n));
                frames.set(n, null);
                if (n % 1_000 == 999) {
                    // as fast as the pipeline takes them: at most 20,000 sent and not yet appended, wherever they
                    // wait (socket, frame queue or the feed's buffer of 50,000, which must not fill)
                    while (n + 1 - (appended(harness) - appendedAtStart) > 20_000) {
                        TimeUnit.MILLISECONDS.sleep(1);
                    }
                }
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> tradesAppended(harness, symbols) - before >= flatOut);
            double flatSeconds = (System.nanoTime() - t0) / 1e9;
            double jvmCpuMicros = (processCpuNanos() - jvmCpu0) / 1e3 / flatOut;
            double redisCpuMicros = (redisCpuSeconds(harness) - redisCpu0) * 1e6 / flatOut;
            double rate = flatOut / flatSeconds;
            System.out.printf(Locale.ROOT, "== feed, flat out: %,d trade frames -> %,d entries in %.2f s = %.0f entries/s; "
                    + "redis-benchmark XADD of the same entry (1 connection, pipeline 64): %.0f/s; ratio %.2f%n",
                    flatOut, tradesAppended(harness, symbols) - before, flatSeconds, rate, baseline, rate / baseline);
            System.out.printf(Locale.ROOT, "  CPU per entry: JVM %.1f µs (feed, fake exchange and harness), redis-server %.1f µs "
                    + "(all clients of this Redis); feed buffer overflows %.0f%n", jvmCpuMicros, redisCpuMicros,
                    harness.counter("tickstream.ingest.feed.overflow", "binance"));
            StringBuilder byThread = new StringBuilder("  JVM CPU per entry by thread:");
            cpuByThreadGroup().forEach((group, nanos) -> {
                double micros = (nanos - threadCpu0.getOrDefault(group, 0L)) / 1e3 / flatOut;
                if (micros >= 0.05) {
                    byThread.append(String.format(Locale.ROOT, " %s %.1f µs,", group, micros));
                }
            });
            System.out.println(byThread.substring(0, byThread.length() - 1)
                    + " (reactor-http: the fake exchange's server and the feed's client share these threads; main: the sender)");
        }
    }

    /** CPU time of the live threads, summed by name without its numbers (lettuce-epollEventLoop-N-M, parallel-N...). */
    private static java.util.Map<String, Long> cpuByThreadGroup() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> byGroup = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            long cpu = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                byGroup.merge(info.getThreadName().replaceAll("-?\\d+", ""), cpu, Long::sum);
            }
        }
        return byGroup;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** used_cpu_user + used_cpu_sys of the Redis server, from INFO cpu. */
    private static double redisCpuSeconds(FeedHarness harness) {
        String info = harness.redis.template().execute(c -> c.serverCommands().info("cpu")).next()
                .map(Object::toString).block();
        double total = 0;
        for (String line : info.split("[\\r\\n,{}]+")) {
            String l = line.trim();
            if (l.startsWith("used_cpu_user=") || l.startsWith("used_cpu_sys=") || l.startsWith("used_cpu_user:")
                    || l.startsWith("used_cpu_sys:")) {
                total += Double.parseDouble(l.substring(l.indexOf(l.contains("=") ? '=' : ':') + 1));
            }
        }
        return total;
    }

    private static void printLatency(FeedHarness harness) {
        Timer timer = harness.meters.find("tickstream.ingest.feed.latency").tag("feed", "binance").timer();
        if (timer == null) {
            System.out.println("  latency: no samples");
            return;
        }
        StringBuilder line = new StringBuilder("  frame receipt -> XADD acknowledged:");
        for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
            line.append(String.format(Locale.ROOT, " p%.0f %.2f ms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
        }
        line.append(String.format(Locale.ROOT, " (mean %.2f ms, %d samples)", timer.mean(TimeUnit.MILLISECONDS), timer.count()));
        System.out.println(line);
    }

    /** Sends {@code tradesPerSecond} and {@code tickersPerSecond} in 10 ms slices for {@code seconds}. */
    private static void send(FakeExchange.Connection connection, List<String> symbols, long[] ids, int tradesPerSecond,
                             int tickersPerSecond, int seconds) throws InterruptedException {
        int slices = seconds * 100;
        int tradesPerSlice = tradesPerSecond / 100;
        int tickersPerSlice = tickersPerSecond / 100;
        long next = System.nanoTime();
        int s = 0;
        for (int slice = 0; slice < slices; slice++) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < tradesPerSlice; i++) {
                s = (s + 1) % symbols.size();
                connection.send(trade(symbols.get(s), ++ids[s]));
            }
            for (int i = 0; i < tickersPerSlice; i++) {
                s = (s + 1) % symbols.size();
                String pair = symbols.get(s) + "USDT";
                connection.send(BinanceFeedIntegrationTests.ticker(pair, "100." + (now % 1000), "99.9", "100.9", now + i));
            }
            next += 10_000_000;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
    }

    private static String trade(String symbol, long id) {
        return BinanceFeedIntegrationTests.trade(symbol + "USDT", id, "100.25", "0.5", (id & 1) == 0, System.currentTimeMillis());
    }

    private static long buffered(FeedHarness harness) {
        var gauge = harness.meters.find("tickstream.ingest.feed.buffered").tag("feed", "binance").gauge();
        return gauge == null ? 0 : (long) gauge.value();
    }

    private static long appended(FeedHarness harness) {
        var counter = harness.meters.find("tickstream.ingest.published").counters();
        return (long) counter.stream().mapToDouble(c -> c.count()).sum();
    }

    private static long tradesAppended(FeedHarness harness, List<String> symbols) {
        long total = 0;
        for (String key : io.tickstream.common.stream.Partitions.defaults().keys(harness.streams.tradesStream())) {
            Long length = harness.redis.template().opsForStream().size(key).block();
            total += length == null ? 0 : length;
        }
        return total;
    }
}
