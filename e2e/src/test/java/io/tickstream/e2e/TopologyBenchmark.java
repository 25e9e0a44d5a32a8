package io.tickstream.e2e;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.tickstream.testkit.PrivateRedis;
import io.tickstream.testkit.PrivateRedisCluster;
import io.tickstream.testkit.TestPostgres;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Ingest and archive throughput of the services as processes, on one Redis and on a 3-master Redis
 * Cluster (3 replicas) started in the same run on the same machine, and on the cluster again with the ingest
 * service waiting for a replica after each append ({@code WAIT 1}): figures printed, never a timed test.
 * Run by {@code ./tickstream bench topology} (scripts/bench-topology.sh), which builds the jars first.
 *
 * <p>Ingest: one ingest instance on the simulated market with {@code symbols} symbols polled every
 * {@code poll} (each poll appends a quote and a consensus quote per symbol), for {@link #INGEST_WINDOW}
 * after a warm-up; entries/s = entries appended in the window over its length. Archive: with ingest
 * stopped, one backup instance is started on the backlog; rows/s from its first row to the last (or to the end of
 * {@code bench.drain}, when the backlog takes longer).
 *
 * <p>Durations as system properties, in seconds, so {@code ./tickstream bench} can run a short variant:
 * {@code bench.warmup} (20), {@code bench.window} (30), {@code bench.drain} (600, counted from the first row
 * archived); {@code bench.topologies} (default {@code one,cluster,wait}) picks the topologies measured.
 */
public final class TopologyBenchmark {

    static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 20));
    static final Duration INGEST_WINDOW = Duration.ofSeconds(Long.getLong("bench.window", 30));
    static final Duration DRAIN = Duration.ofSeconds(Long.getLong("bench.drain", 600));
    static final List<String> TOPOLOGIES = List.of(System.getProperty("bench.topologies", "one,cluster,wait").split(","));

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        Duration poll = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 20);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < symbols; i++) {
            names.add("S" + Integer.toString(i, 36).toUpperCase(java.util.Locale.ROOT) + "X");
        }
        System.out.printf("== topology benchmark: %d symbols every %d ms, %d cores, load %s%n", symbols, poll.toMillis(),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        try (PrivateRedis single = PrivateRedis.ephemeral()) {
            RedisClient client = RedisClient.create(RedisURI.create(single.uri()));
            try (var connection = client.connect()) {
                Map<String, String> env = Map.of("REDIS_HOST", single.host(), "REDIS_PORT", Integer.toString(single.port()));
                List<String> node = List.of(single.host() + ":" + single.port());
                if (args.length > 2 && args[2].equals("suite")) {
                    wholeSuite(env, connection::sync, node, names.subList(0, Math.min(200, names.size())), Duration.ofMillis(50));
                    return;
                }
                if (TOPOLOGIES.contains("one")) {
                    run("one Redis", env, connection::sync, node, names, poll, Map.of());
                }
            } finally {
                client.shutdown();
            }
        }
        if (!TOPOLOGIES.contains("cluster") && !TOPOLOGIES.contains("wait")) {
            System.out.printf("== load after: %s%n", loadAverage());
            return;
        }
        try (PrivateRedisCluster cluster = PrivateRedisCluster.start()) {
            RedisClusterClient client = RedisClusterClient.create(cluster.nodes().stream().map(n -> RedisURI.create("redis://" + n)).toList());
            try (var connection = client.connect()) {
                Map<String, String> env = Map.of("SPRING_DATA_REDIS_CLUSTER_NODES", cluster.seedNodes());
                if (TOPOLOGIES.contains("cluster")) {
                    run("3-master cluster", env, connection::sync, cluster.nodes(), names, poll, Map.of());
                }
                if (TOPOLOGIES.contains("wait")) {
                    run("3-master cluster, WAIT for 1 replica", env, connection::sync, cluster.nodes(), names, poll,
                            Map.of("TICKSTREAM_INGEST_PUBLISH_WAITREPLICAS", "1"));
                }
            } finally {
                client.shutdown();
            }
        }
        System.out.printf("== load after: %s%n", loadAverage());
    }

    private static void run(String label, Map<String, String> redisEnv, Supplier<RedisClusterCommands<String, String>> redis,
                            List<String> nodes, List<String> symbols, Duration poll, Map<String, String> ingestEnv) throws Exception {
        try (ScaledSuite suite = new ScaledSuite("bench", redisEnv, symbols, poll, ingestEnv)) {
            ScaledSuite.Instance ingest = suite.startIngest(1);
            Window window = ingestWindow(ingest, redis, suite, nodes);
            double appendCpu = window.cpuSeconds() / Math.max(1, window.entries()) * 1e6;
            double ingestRate = window.entries() / window.seconds();
            ingest.process().stop();
            long backlog = entries(redis.get(), suite);
            double bytesPerEntry = (double) memory(redis.get(), suite) / Math.max(1, backlog);

            double archiveCpuBefore = redisCpuSeconds(nodes);
            ScaledSuite.Instance backup = suite.startBackup(1);
            long firstRowAt = 0;
            long rows = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (rows < backlog && System.nanoTime() < deadline) {
                Thread.sleep(100);
                rows = rows(suite.schema);
                if (rows > 0 && firstRowAt == 0) {
                    firstRowAt = System.nanoTime();
                    deadline = Math.min(deadline, firstRowAt + DRAIN.toNanos()); // the rate from a part of the backlog
                }
            }
            double archiveRate = firstRowAt == 0 ? 0 : rows / ((System.nanoTime() - firstRowAt) / 1e9);
            double archiveCpu = (redisCpuSeconds(nodes) - archiveCpuBefore) / Math.max(1, rows) * 1e6;
            backup.process().stop();
            System.out.printf("%s: ingest %,.0f entries/s (%,d in %d s, Redis CPU %.1f µs per entry over %d node(s), "
                            + "%.0f bytes of stream memory per entry); archive %,.0f rows/s (%,d of a backlog of %,d, "
                            + "Redis CPU %.1f µs per entry)%n",
                    label, ingestRate, window.entries(), INGEST_WINDOW.toSeconds(), appendCpu, nodes.size(), bytesPerEntry,
                    archiveRate, rows, backlog, archiveCpu);
        }
    }

    /** used_cpu_user + used_cpu_sys of every node (INFO cpu), in seconds. */
    static double redisCpuSeconds(List<String> nodes) {
        double total = 0;
        for (String node : nodes) {
            RedisClient client = RedisClient.create(RedisURI.create("redis://" + node));
            try (var connection = client.connect()) {
                for (String line : connection.sync().info("cpu").split("\r?\n")) {
                    if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                        total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                    }
                }
            } finally {
                client.shutdown();
            }
        }
        return total;
    }

    /**
     * The whole suite (one ingest, backup, query and push instance) on one Redis at a steady rate the machine
     * keeps up with: Redis CPU per entry appended, everything every consumer does with it included; the
     * figure the capacity plan divides a core by.
     */
    private static void wholeSuite(Map<String, String> redisEnv, Supplier<RedisClusterCommands<String, String>> redis,
                                   List<String> nodes, List<String> symbols, Duration poll) throws Exception {
        try (ScaledSuite suite = new ScaledSuite("bench-suite", redisEnv, symbols, poll, Map.of())) {
            List<ScaledSuite.Instance> consumers = List.of(suite.startBackup(1), suite.startQuery(1), suite.startPush(1));
            ScaledSuite.awaitReady(consumers);
            Thread.sleep(WARMUP.toMillis());
            // baseline in the same run: the consumers idle (blocking reads, health, upkeep), nothing appended
            double idleBefore = redisCpuSeconds(nodes);
            long idleStart = System.nanoTime();
            Thread.sleep(INGEST_WINDOW.toMillis());
            double idlePerSecond = (redisCpuSeconds(nodes) - idleBefore) / ((System.nanoTime() - idleStart) / 1e9);

            Window window = ingestWindow(suite.startIngest(1), redis, suite, nodes);
            double cpuPerSecond = window.cpuSeconds() / window.seconds();
            double rate = window.entries() / window.seconds();
            System.out.printf("whole suite on one Redis (ingest, backup, query, push: 1 each), %d symbols every %d ms: "
                            + "%,.0f entries/s; Redis CPU %.1f %% of a core (idle consumers alone: %.1f %%), so %.1f µs per "
                            + "entry appended, read by every consumer and archived (%.1f µs with the idle share)%n",
                    symbols.size(), poll.toMillis(), rate, 100 * cpuPerSecond, 100 * idlePerSecond,
                    (cpuPerSecond - idlePerSecond) / rate * 1e6, cpuPerSecond / rate * 1e6);
        }
    }

    /** Entries appended, Redis CPU seconds and wall seconds of one measurement window. */
    private record Window(long entries, double cpuSeconds, double seconds) {
    }

    /** Waits for {@code ingest}, warms up, then measures {@link #INGEST_WINDOW}. */
    private static Window ingestWindow(ScaledSuite.Instance ingest, Supplier<RedisClusterCommands<String, String>> redis,
                                       ScaledSuite suite, List<String> nodes) throws InterruptedException {
        ScaledSuite.awaitReady(List.of(ingest));
        Thread.sleep(WARMUP.toMillis());
        long before = entries(redis.get(), suite);
        double cpuBefore = redisCpuSeconds(nodes);
        long start = System.nanoTime();
        Thread.sleep(INGEST_WINDOW.toMillis());
        return new Window(entries(redis.get(), suite) - before, redisCpuSeconds(nodes) - cpuBefore,
                (System.nanoTime() - start) / 1e9);
    }

    /** Bytes Redis uses for every stream of the suite ({@code MEMORY USAGE ... SAMPLES 0}). */
    private static long memory(RedisClusterCommands<String, String> redis, ScaledSuite suite) {
        long bytes = 0;
        for (String stream : suite.streams()) {
            Long used = redis.memoryUsage(stream);
            bytes += used == null ? 0 : used;
        }
        return bytes;
    }

    /** Entries in every stream of the suite. */
    private static long entries(RedisClusterCommands<String, String> redis, ScaledSuite suite) {
        return suite.streams().stream().mapToLong(redis::xlen).sum();
    }

    private static long rows(String schema) {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT (SELECT count(*) FROM " + schema + ".market_quotes) + "
                     + "(SELECT count(*) FROM " + schema + ".market_summaries) + (SELECT count(*) FROM " + schema + ".source_health)")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            return 0; // the schema is created by the backup service's migration at its start
        }
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }
}
