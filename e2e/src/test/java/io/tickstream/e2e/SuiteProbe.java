package io.tickstream.e2e;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.tickstream.testkit.TestPostgres;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the topology tests look at from outside the suite, the same way on a cluster and on Sentinel:
 * the idempotency keys in the streams and in the archive, a recorder of every key appended, the backup
 * group's backlog, REST answers and WebSocket frames.
 */
final class SuiteProbe {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SuiteProbe() {
    }

    /** Every idempotency key now in {@code streams}. */
    static Set<String> keysInStreams(RedisClusterCommands<String, String> redis, List<String> streams) {
        Set<String> keys = new HashSet<>();
        for (String stream : streams) {
            String after = "-";
            while (true) {
                List<StreamMessage<String, String>> page = redis.xrange(stream,
                        "-".equals(after) ? Range.create("-", "+") : Range.create("(" + after, "+"),
                        io.lettuce.core.Limit.from(5000));
                page.forEach(m -> keys.add(m.getBody().get("id")));
                if (page.size() < 5000) {
                    break;
                }
                after = page.getLast().getId();
            }
        }
        keys.remove(null);
        return keys;
    }

    /** Every idempotency key in the archive tables of {@code schema}, duplicates included (there must be none). */
    static List<String> archivedKeys(String schema) {
        TestPostgres.Settings pg = TestPostgres.settings();
        List<String> keys = new ArrayList<>();
        try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var statement = connection.createStatement()) {
            for (String table : List.of("market_quotes", "market_summaries", "source_health")) {
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

    /** True when the backup group has read and acknowledged every entry of every stream. */
    static boolean drained(RedisClusterCommands<String, String> redis, List<String> streams) {
        for (String stream : streams) {
            if (redis.exists(stream) == 0) {
                continue;
            }
            Map<String, Object> group = null;
            for (Object info : redis.xinfoGroups(stream)) {
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

    private static Map<String, Object> fields(Object info) {
        List<?> list = (List<?>) info;
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            fields.put(String.valueOf(list.get(i)), list.get(i + 1));
        }
        return fields;
    }

    /** The JSON of {@code GET url}, or null when it does not answer 200. */
    static JsonNode get(String url) {
        String body = getText(url);
        return body == null ? null : JSON.readTree(body);
    }

    /** The JSON answer of {@code POST url} (no body) with the suite's admin key, whatever its status. */
    static JsonNode post(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("X-Admin-Key", Suite.ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("POST " + url + " failed", e);
        }
    }

    /**
     * The body of {@code GET url}, or null when it does not answer 200. The suite's admin key goes along, so an
     * {@code /admin/**} read on a service's own port works as an operator's would.
     */
    static String getText(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                            .header("X-Admin-Key", Suite.ADMIN_KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The source time (epoch ms) of {@code symbol}'s quote at {@code baseUrl}; 0 when there is none. */
    static long quoteTime(String baseUrl, String symbol) {
        JsonNode quote = get(baseUrl + "/api/v1/quotes/" + symbol);
        return quote == null || !quote.has("sourceTime") ? 0 : java.time.Instant.parse(quote.get("sourceTime").asString()).toEpochMilli();
    }

    /** Waits up to a minute for {@code condition}; the milliseconds from {@code since} to when it held. */
    static long awaitMillis(long since, Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(condition);
        return System.currentTimeMillis() - since;
    }

    /** True once a simulated quote of {@code symbol} with a source time after {@code afterMillis} is archived. */
    static boolean archivedAfter(String schema, String symbol, long afterMillis) {
        String prefix = "quote:simulated:" + symbol + ":";
        return archivedKeys(schema).stream().anyMatch(k -> k.startsWith(prefix)
                && Long.parseLong(k.substring(k.lastIndexOf(':') + 1)) > afterMillis);
    }

    /** Rows a backup instance says it wrote ({@code tickstream_backup_rows_written_total}, every table). */
    static long rowsWritten(ScaledSuite.Instance backup) {
        String metrics = getText(backup.managementUrl() + "/actuator/prometheus");
        return metrics == null ? 0 : Arrays.stream(metrics.split("\n"))
                .filter(l -> l.startsWith("tickstream_backup_rows_written_total{"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * The end of a failover run: ingest stopped, the backup group drained, then the accounting printed and
     * checked: no duplicate rows, every entry Redis still holds archived; entries seen appended but not
     * archived (acknowledged by a killed master, never replicated) counted and printed.
     */
    static void stopIngestDrainAndAccount(String name, ScaledSuite suite, RedisClusterCommands<String, String> redis,
                                          KeyRecorder produced) {
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
        suite.ingest.forEach(i -> i.process().stop());
        await("the backup group drains every stream").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> drained(redis, suite.streams()));
        produced.close();

        Set<String> inStreams = keysInStreams(redis, suite.streams());
        List<String> archived = archivedKeys(suite.schema);
        Set<String> archivedSet = new HashSet<>(archived);
        Set<String> lost = new HashSet<>(produced.keys);
        lost.removeAll(archivedSet);
        System.out.printf("[%s] keys seen appended %d, in the streams after the failover %d, archived rows %d (distinct %d); "
                        + "seen but lost with the killed master %d%s%n", name, produced.keys.size(), inStreams.size(),
                archived.size(), archivedSet.size(), lost.size(),
                lost.isEmpty() ? "" : ": " + lost.stream().limit(5).collect(Collectors.joining(", ")));
        assertThat(archived).as("no duplicate rows").hasSize(archivedSet.size());
        assertThat(archivedSet).as("every entry Redis holds is archived").containsAll(inStreams);
        assertThat(inStreams.size()).as("entries produced").isGreaterThan(suite.symbols.size() * 20);
    }

    /** A WebSocket client subscribed to {@code channels}, keeping every frame it gets. */
    static final class Frames implements AutoCloseable {
        final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        private final Disposable connection;

        Frames(String httpUrl, List<String> channels) {
            String subscribe = "{\"op\":\"subscribe\",\"channels\":" + JSON.writeValueAsString(channels) + "}";
            connection = new ReactorNettyWebSocketClient().execute(URI.create(httpUrl.replace("http", "ws") + "/ws"),
                    session -> session.send(Mono.just(session.textMessage(subscribe)))
                            .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).map(JSON::readTree)
                                    .doOnNext(frames::add))
                            .then()).subscribe();
        }

        /** Channels that got a snapshot or update with data. */
        Set<String> channelsWithData() {
            Set<String> channels = new HashSet<>();
            for (JsonNode frame : frames) {
                String type = frame.path("type").asString();
                if (("snapshot".equals(type) || "update".equals(type)) && !frame.path("data").isNull()
                        && !frame.path("data").isMissingNode()) {
                    channels.add(frame.path("channel").asString());
                }
            }
            return channels;
        }

        /** True once {@code channel} got an update or snapshot of an entry ingested after {@code afterMillis}. */
        boolean updatedAfter(String channel, long afterMillis) {
            return frames.stream().anyMatch(f -> channel.equals(f.path("channel").asString())
                    && f.path("ts").asLong(0) > afterMillis);
        }

        @Override
        public void close() {
            connection.dispose();
        }
    }

    /**
     * Records every idempotency key appended to the streams while it runs, read from outside the suite
     * (a loop of XRANGE after the last id seen, per stream): what was produced, including entries a
     * failover later loses if they were visible for a moment.
     */
    static final class KeyRecorder implements AutoCloseable {
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        private final Map<String, String> positions = new ConcurrentHashMap<>();
        private final Supplier<RedisClusterCommands<String, String>> redis;
        private final List<String> streams;
        private final Thread thread;
        private volatile boolean running = true;

        KeyRecorder(Supplier<RedisClusterCommands<String, String>> redis, List<String> streams) {
            this.redis = redis;
            this.streams = List.copyOf(streams);
            this.thread = Thread.ofPlatform().daemon().name("key-recorder").start(this::loop);
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

        /** Reads what is new in every stream once; errors (a failover under way) are retried next round. */
        void sweep() {
            for (String stream : streams) {
                try {
                    String after = positions.get(stream);
                    List<StreamMessage<String, String>> page = redis.get().xrange(stream,
                            after == null ? Range.create("-", "+") : Range.create("(" + after, "+"), io.lettuce.core.Limit.from(5000));
                    for (StreamMessage<String, String> message : page) {
                        String key = message.getBody().get("id");
                        if (key != null) {
                            keys.add(key);
                        }
                    }
                    if (!page.isEmpty()) {
                        positions.put(stream, page.getLast().getId());
                    }
                } catch (RuntimeException e) {
                    // the node of this stream is failing over: next round
                }
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
            sweep();
        }
    }
}
