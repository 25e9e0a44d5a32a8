package io.tickstream.e2e.faults.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tickstream.testkit.TestPostgres;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Nothing lost", measured one way: every idempotency key appended to the suite's streams, seen from outside the
 * suite (XRANGE after the last id seen, per stream, every 100 ms, straight to Redis), against the rows of the
 * archive tables. A stream whose ids went back (Redis restarted without its data) is read again from its start.
 */
final class KeyLedger implements AutoCloseable {

    private static final List<String> TABLES = List.of("market_quotes", "market_summaries", "source_health");

    final Set<String> produced = ConcurrentHashMap.newKeySet();
    private final Map<String, String> positions = new ConcurrentHashMap<>();
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final List<String> streams;
    private final String schema;
    private final Thread thread;
    private volatile boolean running = true;

    KeyLedger(String redisUri, List<String> streams, String schema) {
        this.client = RedisClient.create(redisUri);
        this.client.setDefaultTimeout(Duration.ofSeconds(5));
        this.connection = client.connect();
        this.streams = List.copyOf(streams);
        this.schema = schema;
        this.thread = Thread.ofPlatform().daemon().name("key-ledger").start(this::loop);
    }

    /** Commands straight to Redis (not through the services' proxy), for the test's own checks. */
    RedisCommands<String, String> redis() {
        return connection.sync();
    }

    private void loop() {
        while (running) {
            sweep();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads what is new in every stream once; a Redis that is down is read next round. */
    synchronized void sweep() {
        for (String stream : streams) {
            try {
                String after = positions.get(stream);
                List<StreamMessage<String, String>> page = redis().xrange(stream,
                        after == null ? Range.create("-", "+") : Range.create("(" + after, "+"), Limit.from(5000));
                if (page.isEmpty() && after != null) {
                    List<StreamMessage<String, String>> last = redis().xrevrange(stream, Range.create("-", "+"), Limit.from(1));
                    if (last.isEmpty() || compare(last.getFirst().getId(), after) < 0) {
                        positions.remove(stream); // the ids went back: a Redis without its data
                    }
                    continue;
                }
                for (StreamMessage<String, String> message : page) {
                    String key = message.getBody().get("id");
                    if (key != null) {
                        produced.add(key);
                    }
                }
                if (!page.isEmpty()) {
                    positions.put(stream, page.getLast().getId());
                }
            } catch (RuntimeException e) {
                // Redis restarting: next round
            }
        }
    }

    private static int compare(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int ms = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return ms != 0 ? ms : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    /** True when the backup group has read and acknowledged every entry of every stream (and exists on each). */
    boolean drained() {
        for (String stream : streams) {
            if (redis().exists(stream) == 0) {
                continue;
            }
            Map<String, Object> group = null;
            for (Object info : redis().xinfoGroups(stream)) {
                Map<String, Object> fields = fields(info);
                if ("backup".equals(fields.get("name"))) {
                    group = fields;
                }
            }
            if (group == null || ((Number) group.get("pending")).longValue() != 0
                    || !(group.get("lag") instanceof Number lag) || lag.longValue() != 0) {
                return false;
            }
        }
        return true;
    }

    /** True when every stream that holds entries has the consumer group {@code name}. */
    boolean groupOnEveryStream(String name) {
        for (String stream : streams) {
            if (redis().exists(stream) == 0) {
                continue;
            }
            boolean found = redis().xinfoGroups(stream).stream().anyMatch(info -> name.equals(fields(info).get("name")));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> fields(Object info) {
        List<?> list = (List<?>) info;
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            fields.put(String.valueOf(list.get(i)), list.get(i + 1));
        }
        return fields;
    }

    /** Every idempotency key in the archive tables, duplicates included. */
    List<String> archived() {
        TestPostgres.Settings pg = TestPostgres.settings();
        List<String> keys = new ArrayList<>();
        try (var c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password()); var statement = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rows = statement.executeQuery("SELECT id FROM " + schema + "." + table)) {
                    while (rows.next()) {
                        keys.add(rows.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    /** The accounting now: keys produced, rows archived, distinct archived keys, produced but not archived. */
    Account account() {
        sweep();
        List<String> rows = archived();
        Set<String> distinct = new HashSet<>(rows);
        Set<String> lost = new HashSet<>(produced);
        lost.removeAll(distinct);
        return new Account(produced.size(), rows.size(), distinct.size(), Set.copyOf(lost));
    }

    /** What {@link #account()} found. */
    record Account(int produced, int rows, int distinctRows, Set<String> lost) {

        int duplicates() {
            return rows - distinctRows;
        }

        @Override
        public String toString() {
            return "keys produced " + produced + ", rows " + rows + " (distinct " + distinctRows + "), duplicates "
                    + duplicates() + ", lost " + lost.size() + (lost.isEmpty() ? "" : " e.g. " + lost.stream().limit(5).toList());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
