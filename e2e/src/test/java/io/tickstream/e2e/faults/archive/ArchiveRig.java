package io.tickstream.e2e.faults.archive;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import io.tickstream.common.stream.Partitions;
import io.tickstream.common.stream.StreamKeys;
import io.tickstream.e2e.ServiceProcess;
import io.tickstream.e2e.faults.PrivatePostgres;
import io.tickstream.testkit.PrivateRedis;
import io.tickstream.testkit.TestKeys;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one archive fault scenario runs on: streams under a key prefix of its own on a private Redis, a
 * schema of its own on a private PostgreSQL, backup (and ingest, query) instances started as real
 * processes, a quote load ({@link QuoteLoad}) and the one measure of "nothing lost" ({@link #ledger()}).
 * {@link #close()} kills every instance it started and stops the load.
 */
final class ArchiveRig implements AutoCloseable {

    static final Duration READY = Duration.ofSeconds(180);
    static final String GROUP = "backup";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final PrivateRedis redis;
    final PrivatePostgres pg;
    final String prefix = TestKeys.unique("fault");
    final String schema = TestKeys.sqlName("fault");
    final String marketData = prefix + ":crypto:market_data";
    final String dashboard = prefix + ":crypto:dashboard";
    final String health = prefix + ":system:health";
    final String trades = prefix + ":crypto:trades";
    final String bars = prefix + ":crypto:bars";
    final Partitions partitions = Partitions.defaults();
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final List<Instance> started = new CopyOnWriteArrayList<>();
    private final List<QuoteLoad> loads = new CopyOnWriteArrayList<>();

    /** A service process with its HTTP and management ports. */
    record Instance(String name, ServiceProcess process, int port, int managementPort) {

        String readiness() {
            return "http://127.0.0.1:" + managementPort + "/actuator/health/readiness";
        }

        Instance awaitReady() {
            process.awaitReady(readiness(), READY);
            return this;
        }

        /** The readiness probe's HTTP status (200 ready, 503 not), or -1 when it does not answer. */
        int readinessStatus() {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(readiness())).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** A meter's first measurement from the actuator ({@code /actuator/metrics/<name>}), or NaN when absent. */
        double metric(String name) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + managementPort + "/actuator/metrics/" + name))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher value = Pattern.compile("\"value\"\\s*:\\s*([-0-9.Ee]+)").matcher(response.body());
                return response.statusCode() == 200 && value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
            } catch (IOException e) {
                return Double.NaN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
        }
    }

    ArchiveRig(PrivateRedis redis, PrivatePostgres pg) {
        this.redis = redis;
        this.pg = pg;
        this.client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        this.connection = client.connect();
    }

    RedisCommands<String, String> redis() {
        return connection.sync();
    }

    /** Every stream the backup group reads (bars excluded: nothing here appends them). */
    List<String> streams() {
        List<String> all = new ArrayList<>(StreamKeys.dataStreams(partitions, marketData, dashboard, health));
        all.addAll(partitions.keys(trades));
        return all;
    }

    /** The quote partitions only. */
    List<String> quoteStreams() {
        return partitions.keys(marketData);
    }

    // ---- services ----

    /** Starts (not awaits) a backup instance under consumer name {@code consumer}, reading Redis at {@code redisPort}. */
    Instance startBackup(String consumer, int redisPort, Map<String, String> extra) {
        Map<String, String> env = common(redisPort);
        env.put("TICKSTREAM_BACKUP_SCHEMA_NAME", schema);
        env.put("TICKSTREAM_BACKUP_STREAMS_MARKETDATA", marketData);
        env.put("TICKSTREAM_BACKUP_STREAMS_DASHBOARD", dashboard);
        env.put("TICKSTREAM_BACKUP_STREAMS_HEALTH", health);
        env.put("TICKSTREAM_BACKUP_STREAMS_TRADES", trades);
        env.put("TICKSTREAM_BACKUP_STREAMS_BARS", bars);
        env.put("TICKSTREAM_BACKUP_ARCHIVE_CONSUMERNAME", consumer);
        // every entry must stay in its stream until the ledger has counted it
        env.put("TICKSTREAM_BACKUP_TRIM_ENABLED", "false");
        env.putAll(extra);
        return start("backup-" + consumer, "stream-backup-service", env);
    }

    /** Starts (not awaits) a query instance (it joins group {@code query} under a random consumer name). */
    Instance startQuery(String name, Map<String, String> extra) {
        Map<String, String> env = common(redis.port());
        env.put("POSTGRES_SCHEMA", schema);
        env.put("TICKSTREAM_QUERY_STREAMS_MARKETDATA", marketData);
        env.put("TICKSTREAM_QUERY_STREAMS_DASHBOARD", dashboard);
        env.put("TICKSTREAM_QUERY_STREAMS_HEALTH", health);
        env.put("TICKSTREAM_QUERY_STREAMS_CONTROL", prefix + ":control");
        env.put("TICKSTREAM_QUERY_STREAMS_STATEKEYPREFIX", prefix + ":query:state");
        env.put("TICKSTREAM_QUERY_CACHE_KEYPREFIX", prefix + ":query:cache:");
        env.putAll(extra);
        return start("query-" + name, "market-query-service", env);
    }

    /** Starts (not awaits) an ingest instance on the simulated market, reading Redis at {@code redisPort}. */
    Instance startIngest(String name, int redisPort, Map<String, String> extra) {
        Map<String, String> env = common(redisPort);
        env.put("SPRING_PROFILES_ACTIVE", "simulated");
        env.put("TICKSTREAM_INGEST_INSTANCEID", prefix + "-" + name);
        env.put("TICKSTREAM_INGEST_SOURCES_SIMULATED_POLLINTERVAL", "500ms");
        env.put("TICKSTREAM_INGEST_SOURCES_SIMULATED_BUDGET_REQUESTS", "100000");
        env.put("TICKSTREAM_INGEST_BACKFILL_ENABLED", "false");
        env.put("TICKSTREAM_INGEST_PUBLISH_MARKETDATASTREAM", marketData);
        env.put("TICKSTREAM_INGEST_PUBLISH_DASHBOARDSTREAM", dashboard);
        env.put("TICKSTREAM_INGEST_PUBLISH_HEALTHSTREAM", health);
        env.put("TICKSTREAM_INGEST_PUBLISH_TRADESSTREAM", trades);
        env.put("TICKSTREAM_INGEST_PUBLISH_BARSSTREAM", bars);
        env.put("TICKSTREAM_INGEST_PUBLISH_CONTROLSTREAM", prefix + ":control");
        env.put("TICKSTREAM_INGEST_LEASE_KEYPREFIX", prefix + ":lease:");
        env.putAll(extra);
        return start("ingest-" + name, "market-ingest-service", env);
    }

    private Map<String, String> common(int redisPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REDIS_HOST", "127.0.0.1");
        env.put("REDIS_PORT", Integer.toString(redisPort));
        env.put("POSTGRES_HOST", pg.host());
        env.put("POSTGRES_PORT", Integer.toString(pg.port()));
        env.put("POSTGRES_DB", "postgres");
        env.put("POSTGRES_USER", "postgres");
        env.put("POSTGRES_PASSWORD", "");
        env.put("TICKSTREAM_ADMIN_APIKEY", "fault-admin-key");
        return env;
    }

    private Instance start(String name, String module, Map<String, String> env) {
        int port = freePort();
        int management = freePort();
        env.put("PORT", Integer.toString(port));
        env.put("MANAGEMENT_PORT", Integer.toString(management));
        Instance instance = new Instance(name, new ServiceProcess(module, prefix + "-" + name, env), port, management);
        started.add(instance);
        instance.process().start();
        return instance;
    }

    // ---- load ----

    /** Starts appending quotes of the test's own source ({@link QuoteLoad}). */
    QuoteLoad startLoad() {
        QuoteLoad load = QuoteLoad.start(redis.host(), redis.port(), marketData, partitions);
        loads.add(load);
        return load;
    }

    // ---- the backup group, seen from Redis ----

    /** Per stream: pending, entries-read and lag of the backup group (absent streams or groups are left out). */
    Map<String, GroupState> groupStates() {
        Map<String, GroupState> states = new LinkedHashMap<>();
        for (String stream : streams()) {
            if (redis().exists(stream) == 0) {
                continue;
            }
            for (Object group : redis().xinfoGroups(stream)) {
                Map<String, Object> info = pairs((List<?>) group);
                if (GROUP.equals(String.valueOf(info.get("name")))) {
                    states.put(stream, new GroupState(asLong(info.get("pending")), asLong(info.get("entries-read")),
                            info.get("lag") == null ? -1 : asLong(info.get("lag"))));
                }
            }
        }
        return states;
    }

    /** The backup group on one stream: acknowledged = entries read minus pending. */
    record GroupState(long pending, long entriesRead, long lag) {
        long acknowledged() {
            return entriesRead - pending;
        }
    }

    long pendingTotal() {
        return groupStates().values().stream().mapToLong(GroupState::pending).sum();
    }

    long acknowledgedTotal() {
        return groupStates().values().stream().mapToLong(GroupState::acknowledged).sum();
    }

    /** Consumer names of {@code group} on {@code stream} with their pending counts. */
    Map<String, Long> consumers(String stream, String group) {
        Map<String, Long> consumers = new LinkedHashMap<>();
        for (Object consumer : redis().xinfoConsumers(stream, group)) {
            Map<String, Object> info = pairs((List<?>) consumer);
            consumers.put(String.valueOf(info.get("name")), asLong(info.get("pending")));
        }
        return consumers;
    }

    /** Idempotency keys of the entries pending for {@code consumer} in the backup group, over every stream. */
    Set<String> pendingKeys(String consumer) {
        Set<String> keys = new HashSet<>();
        for (String stream : streams()) {
            if (redis().exists(stream) == 0) {
                continue;
            }
            List<PendingMessage> pending = redis().xpending(stream, Consumer.from(GROUP, consumer),
                    Range.create("-", "+"), Limit.from(100_000));
            for (PendingMessage p : pending) {
                for (StreamMessage<String, String> m : redis().xrange(stream, Range.create(p.getId(), p.getId()))) {
                    keys.add(m.getBody().get("id"));
                }
            }
        }
        return keys;
    }

    // ---- the ledger: archived rows against the keys produced ----

    /** Entries of every stream against rows of every archive table, counted now. */
    Ledger ledger() {
        Map<String, Integer> entries = new HashMap<>();
        int entryCount = 0;
        for (String stream : streams()) {
            String cursor = "-";
            while (true) {
                List<StreamMessage<String, String>> page = redis().xrange(stream, Range.create(cursor, "+"), Limit.from(5000));
                for (StreamMessage<String, String> m : page) {
                    entries.merge(m.getBody().get("id"), 1, Integer::sum);
                    entryCount++;
                }
                if (page.size() < 5000) {
                    break;
                }
                cursor = "(" + page.getLast().getId();
            }
        }
        List<String> rowIds = rowIds();
        return new Ledger(entryCount, entries, rowIds.size(), new HashSet<>(rowIds));
    }

    /** Ids of archived rows (quotes, trades, summaries, health), duplicates kept. */
    List<String> rowIds() {
        List<String> ids = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            for (String table : List.of("market_quotes", "market_trades", "market_summaries", "source_health")) {
                try (ResultSet rows = s.executeQuery("SELECT id FROM " + schema + "." + table)) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the archived rows of " + schema + ": " + e.getMessage(), e);
        }
        return ids;
    }

    /**
     * Takes {@code LOCK TABLE <schema>.market_quotes IN EXCLUSIVE MODE} on {@code c} (autocommit off): reads go on,
     * every archive insert of quotes waits until {@code c} ends its transaction.
     */
    void lockQuotes(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE " + schema + ".market_quotes IN EXCLUSIVE MODE");
        }
    }

    /**
     * Waits for a backend other than {@code c}'s and {@code notPid} that waits on a lock inserting quotes; its pid.
     * {@code c} must be in autocommit: within a transaction {@code pg_stat_activity} is a snapshot.
     */
    long awaitBlockedQuoteInsert(Connection c, long notPid, Duration atMost) {
        long[] pid = {-1};
        Awaitility.await("an archive insert of quotes waiting on the lock").atMost(atMost)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    pid[0] = blockedQuoteInsert(c, notPid);
                    return pid[0] > 0;
                });
        return pid[0];
    }

    /** Pids of every backend that waits on a lock inserting quotes into this rig's schema ({@code c} in autocommit). */
    Set<Long> blockedQuoteInserts(Connection c) throws SQLException {
        Set<Long> pids = new HashSet<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                     + " AND query ILIKE '%insert into%" + schema + ".market_quotes%' AND pid <> pg_backend_pid()")) {
            while (r.next()) {
                pids.add(r.getLong(1));
            }
        }
        return pids;
    }

    /** True while backend {@code pid} exists. */
    static boolean backendAlive(Connection c, long pid) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
            r.next();
            return r.getLong(1) > 0;
        }
    }

    private long blockedQuoteInsert(Connection c, long notPid) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                     + " AND query ILIKE '%insert into%" + schema + ".market_quotes%' AND pid <> pg_backend_pid() AND pid <> " + notPid
                     + " ORDER BY pid LIMIT 1")) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    /** How many of {@code keys} have an archived row. */
    long archivedOf(Set<String> keys) {
        Set<String> rows = new HashSet<>(rowIds());
        return keys.stream().filter(rows::contains).count();
    }

    /**
     * Stream entries against archive rows. Nothing lost: every key produced has a row; nothing doubled: no key has
     * two rows (and, for the append scenario, no source event two entries).
     */
    record Ledger(int entries, Map<String, Integer> entriesPerKey, int rows, Set<String> rowIds) {

        int keys() {
            return entriesPerKey.size();
        }

        Set<String> missing() {
            Set<String> missing = new HashSet<>(entriesPerKey.keySet());
            missing.removeAll(rowIds);
            return missing;
        }

        Set<String> unexpected() {
            Set<String> extra = new HashSet<>(rowIds);
            extra.removeAll(entriesPerKey.keySet());
            return extra;
        }

        int duplicateRows() {
            return rows - rowIds.size();
        }

        int duplicateEntries() {
            return entries - entriesPerKey.size();
        }

        @Override
        public String toString() {
            return "keys=" + keys() + " entries=" + entries + " rows=" + rows + " missing=" + missing().size()
                    + " unexpected=" + unexpected().size() + " duplicateRows=" + duplicateRows()
                    + " duplicateEntries=" + duplicateEntries();
        }
    }

    /** Waits until the group has nothing pending and nothing unread, and every key has its row; the ledger then. */
    Ledger awaitDrained(Duration atMost) {
        Awaitility.await("backlog drained and every key archived").atMost(atMost).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Map<String, GroupState> states = groupStates();
                    boolean idle = states.values().stream().allMatch(s -> s.pending() == 0 && s.lag() <= 0);
                    return idle && ledger().missing().isEmpty();
                });
        return ledger();
    }

    @Override
    public void close() {
        loads.forEach(QuoteLoad::stop);
        started.reversed().forEach(i -> i.process().kill());
        connection.close();
        client.shutdown();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException | RuntimeException e) {
            System.err.println("archive rig: could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> pairs(List<?> flat) {
        Map<String, Object> info = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            info.put(String.valueOf(flat.get(i)), flat.get(i + 1));
        }
        return info;
    }

    private static long asLong(Object value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
