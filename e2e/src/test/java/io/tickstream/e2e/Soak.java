package io.tickstream.e2e;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tickstream.testkit.PrivateRedis;
import io.tickstream.testkit.TestPostgres;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The soak run ({@code ./tickstream soak}, not in CI): two instances of every service as processes on a Redis of
 * its own, the simulated market at a high rate (default 50 symbols every 100 ms, ~1,000 entries/s with the
 * consensus) and WebSocket clients through the gateway, for a duration (default 30 minutes). Every interval it
 * prints the keys appended against the rows archived, the backup group's backlog, each instance's heap after GC,
 * Redis and PostgreSQL connections and push connections; at the end it stops ingest, lets the archive drain and
 * accounts (no duplicate row, every entry archived), and fails when a figure grew without bound: in the last third
 * of the run still rising at every sample and above 1.5 times its steady level (the minimum after the first third).
 * Arguments: duration, interval, symbols, poll interval in ms (ISO-8601 durations, e.g. PT30M PT1M 50 100).
 */
public final class Soak {

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.parse(args.length > 0 ? args[0] : "PT30M");
        Duration interval = Duration.parse(args.length > 1 ? args[1] : "PT1M");
        int symbolCount = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Duration poll = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 100);
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < symbolCount; i++) {
            symbols.add("S" + Integer.toString(i, 36).toUpperCase(Locale.ROOT) + "X");
        }
        System.out.printf("== soak: %s, a sample every %s, %d symbols every %d ms, two instances of every service; "
                        + "%d cores, load %s%n", duration, interval, symbolCount, poll.toMillis(),
                Runtime.getRuntime().availableProcessors(), TopologyBenchmark.loadAverage());
        Map<String, List<Double>> series = new LinkedHashMap<>();
        boolean failed;
        try (PrivateRedis redis = PrivateRedis.ephemeral()) {
            RedisClient client = RedisClient.create(RedisURI.create(redis.uri()));
            try (StatefulRedisConnection<String, String> connection = client.connect();
                 ScaledSuite suite = new ScaledSuite("soak", Map.of("REDIS_HOST", redis.host(),
                         "REDIS_PORT", Integer.toString(redis.port())), 2, symbols, poll, Map.of());
                 SuiteProbe.KeyRecorder produced = new SuiteProbe.KeyRecorder(connection::sync, suite.streams())) {
                List<SuiteProbe.Frames> clients = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    clients.add(new SuiteProbe.Frames(suite.gatewayUrl(), List.of("ticker:" + symbols.get(i % symbols.size()),
                            "dashboard")));
                }
                long start = System.nanoTime();
                while (System.nanoTime() - start < duration.toNanos()) {
                    Thread.sleep(interval.toMillis());
                    sample(suite, connection, produced, series, (System.nanoTime() - start) / 1_000_000_000L);
                }
                clients.forEach(SuiteProbe.Frames::close);
                SuiteProbe.stopIngestDrainAndAccount("soak", suite, connection.sync(), produced);
            } finally {
                client.shutdown();
            }
            failed = verdict(series);
        }
        System.out.println(failed ? "== soak FAILED: a figure grew without bound" : "== soak passed: nothing grew without bound");
        System.exit(failed ? 1 : 0);
    }

    private static void sample(ScaledSuite suite, StatefulRedisConnection<String, String> redis,
                               SuiteProbe.KeyRecorder produced, Map<String, List<Double>> series, long seconds) {
        Map<String, Double> now = new LinkedHashMap<>();
        long rows = archivedRows(suite.schema);
        now.put("backlog (lag + pending)", (double) backlog(redis, suite.streams()));
        for (List<ScaledSuite.Instance> service : List.of(suite.ingest, suite.backup, suite.query, suite.push)) {
            for (ScaledSuite.Instance instance : service) {
                now.put("heap after GC MB " + instance.process().logName(), liveHeapMb(instance));
            }
        }
        now.put("redis clients", (double) Long.parseLong(info(redis, "clients", "connected_clients")));
        now.put("redis memory MB", Long.parseLong(info(redis, "memory", "used_memory")) / 1e6);
        now.put("postgres connections", (double) postgresConnections());
        now.put("push connections", suite.push.stream().mapToDouble(i -> metric(i, "tickstream_push_connections{")).sum());
        now.forEach((name, value) -> series.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[soak] t=%4ds keys appended %d, rows archived %d",
                seconds, produced.keys.size(), rows));
        now.forEach((name, value) -> line.append(String.format(Locale.ROOT, "; %s %.1f", name, value)));
        System.out.println(line);
    }

    /** Fails a figure that, in the last third of the samples, rose at every sample and ended above 1.5× its steady level. */
    static boolean verdict(Map<String, List<Double>> series) {
        boolean failed = false;
        for (Map.Entry<String, List<Double>> entry : series.entrySet()) {
            List<Double> values = entry.getValue();
            if (values.size() < 6) {
                System.out.printf("[soak] %s: %d samples, too few to judge growth%n", entry.getKey(), values.size());
                continue;
            }
            int third = values.size() / 3;
            double steady = values.subList(third, values.size()).stream().mapToDouble(Double::doubleValue).min().orElse(0);
            List<Double> tail = values.subList(values.size() - third, values.size());
            boolean rising = true;
            for (int i = 1; i < tail.size(); i++) {
                rising &= tail.get(i) > tail.get(i - 1);
            }
            double last = values.getLast();
            boolean grows = rising && last > 1.5 * steady + 1;
            failed |= grows;
            System.out.printf(Locale.ROOT, "[soak] %s: steady %.1f, last %.1f%s%n", entry.getKey(), steady, last,
                    grows ? " GROWING" : "");
        }
        return failed;
    }

    private static double liveHeapMb(ScaledSuite.Instance instance) {
        return metric(instance, "jvm_gc_live_data_size_bytes{") / 1e6;
    }

    private static double metric(ScaledSuite.Instance instance, String prefix) {
        String text = SuiteProbe.getText(instance.managementUrl() + "/actuator/prometheus");
        return text == null ? Double.NaN : Arrays.stream(text.split("\n")).filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String info(StatefulRedisConnection<String, String> redis, String section, String field) {
        return Arrays.stream(redis.sync().info(section).split("\r?\n")).filter(l -> l.startsWith(field + ":"))
                .map(l -> l.substring(field.length() + 1).trim()).findFirst().orElse("0");
    }

    private static long backlog(StatefulRedisConnection<String, String> redis, List<String> streams) {
        long total = 0;
        for (String stream : streams) {
            if (redis.sync().exists(stream) == 0) {
                continue;
            }
            for (Object group : redis.sync().xinfoGroups(stream)) {
                List<?> fields = (List<?>) group;
                Map<String, Object> byName = new LinkedHashMap<>();
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    byName.put(String.valueOf(fields.get(i)), fields.get(i + 1));
                }
                if ("backup".equals(byName.get("name"))) {
                    total += ((Number) byName.get("pending")).longValue()
                            + (byName.get("lag") instanceof Number lag ? lag.longValue() : 0);
                }
            }
        }
        return total;
    }

    private static long archivedRows(String schema) {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var rows = connection.createStatement().executeQuery("SELECT (SELECT count(*) FROM " + schema
                     + ".market_quotes) + (SELECT count(*) FROM " + schema + ".market_summaries) + (SELECT count(*) FROM "
                     + schema + ".source_health)")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static long postgresConnections() {
        TestPostgres.Settings pg = TestPostgres.settings();
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var rows = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")) {
            rows.next();
            return rows.getLong(1) - 1;   // not this probe's own
        } catch (SQLException e) {
            return -1;
        }
    }
}
