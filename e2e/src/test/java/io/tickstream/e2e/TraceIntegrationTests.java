package io.tickstream.e2e;

import io.tickstream.common.event.Quote;
import io.tickstream.testkit.TestPostgres;
import io.tickstream.testkit.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One quote followed through the running suite with tracing on: the consensus quote that
 * {@code GET /api/v1/quotes/BTC} answers through the gateway is found on {@code crypto:market_data},
 * in PostgreSQL and in the updates a WebSocket client got through the gateway, and the spans of every
 * service that handled it (ingest's poll and append, the archive write, both query state tiers, the
 * push send) arrive at the OTLP receiver in the one trace its entry's {@code traceparent} names. An
 * HTTP request through the gateway continues its caller's trace into the query service.
 */
class TraceIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SAMPLED_W3C = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";
    private static Suite suite;
    private static LettuceConnectionFactory factory;
    private static ReactiveStringRedisTemplate redis;

    /** A stream entry: its id and fields. */
    private record Entry(String id, Map<String, String> fields) {
    }

    @BeforeAll
    static void start() {
        suite = Suite.get();
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestRedis.endpoint().host(), TestRedis.endpoint().port()));
        factory.afterPropertiesSet();
        factory.start();
        redis = new ReactiveStringRedisTemplate(factory);
    }

    @AfterAll
    static void stop() {
        factory.destroy();
    }

    @Test
    void oneQuoteIsOneTraceFromThePollToTheWebSocketSend() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl(suite.gatewayUrl()).responseTimeout(Duration.ofSeconds(10)).build();
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        Disposable webSocket = new ReactorNettyWebSocketClient()
                .execute(URI.create(suite.gatewayUrl().replace("http", "ws") + "/ws"), session -> session
                        .send(Mono.just(session.textMessage("{\"op\":\"subscribe\",\"channels\":[\"ticker:BTC\"]}")))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).map(JSON::readTree).doOnNext(frames::add))
                        .then())
                .subscribe();
        try {
            await("live ticker:BTC updates through the gateway").atMost(Duration.ofSeconds(30))
                    .until(() -> updates(frames).size() >= 2);
            String subscribedAt = updates(frames).getFirst().path("offset").asString();

            // the quote: what the REST API answers through the gateway, appended after the client subscribed, by a poll
            // (the simulated venues' feed rounds append consensus quotes too, under an unsampled root context)
            Entry entry = await("a BTC consensus quote of a poll from GET /api/v1/quotes/BTC, found on the stream")
                    .atMost(Duration.ofSeconds(60)).until(() -> entryOf(answer(http)), e -> e != null
                            && compareIds(e.id(), subscribedAt) > 0 && e.fields().get("traceparent").matches(SAMPLED_W3C));
            String traceparent = entry.fields().get("traceparent");
            assertThat(traceparent).as("the entry's trace context (sampling is 1.0 in the suite)").matches(SAMPLED_W3C);
            String traceId = traceparent.split("-")[1];
            String appendSpanId = traceparent.split("-")[2];

            awaitArchived(entry);
            JsonNode sent = await("the entry's update at the WebSocket client").atMost(Duration.ofSeconds(20))
                    .until(() -> updates(frames).stream().filter(f -> f.path("offset").asString().equals(entry.id()))
                            .findFirst().orElse(null), f -> f != null);
            assertThat(sent.path("traceparent").asString()).as("the update names the entry's trace").isEqualTo(traceparent);

            await("the spans of every service in the entry's trace").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<TraceReceiver.ReceivedSpan> trace = suite.traces.trace(traceId);
                TraceReceiver.ReceivedSpan append = only(trace, "ingest.append", "market-ingest-service");
                assertThat(append.spanId()).as("the entry carries the append span's context").isEqualTo(appendSpanId);
                TraceReceiver.ReceivedSpan poll = only(trace, "ingest.poll", "market-ingest-service");
                assertThat(append.parentSpanId()).isEqualTo(poll.spanId());
                assertThat(poll.attribute("source")).isEqualTo("simulated");
                assertThat(consumerSpans(trace, entry, "backup.archive")).singleElement().satisfies(span -> {
                    assertThat(span.service()).isEqualTo("stream-backup-service");
                    assertThat(span.attribute("outcome")).isEqualTo("archived");
                });
                assertThat(consumerSpans(trace, entry, "query.state.update"))
                        .allSatisfy(span -> assertThat(span.service()).isEqualTo("market-query-service"))
                        .extracting(span -> span.attribute("tier")).containsExactlyInAnyOrder("l1", "l2");
                assertThat(consumerSpans(trace, entry, "push.send")).singleElement().satisfies(span -> {
                    assertThat(span.service()).isEqualTo("websocket-push-service");
                    assertThat(span.attribute("channel")).isEqualTo("ticker:BTC");
                    assertThat(Long.parseLong(span.attribute("sessions"))).as("our client at least").isPositive();
                });
            });
            assertThat(suite.traces.rejected()).as("export requests that did not decode").isZero();
        } finally {
            webSocket.dispose();
        }
    }

    @Test
    void anHttpRequestThroughTheGatewayContinuesItsCallersTraceIntoTheQueryService() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl(suite.gatewayUrl()).responseTimeout(Duration.ofSeconds(10)).build();
        await("BTC known").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                http.get().uri("/api/v1/quotes/BTC").exchange().expectStatus().isOk());
        String traceId = hex(16);
        String callerSpanId = hex(8);
        http.get().uri("/api/v1/quotes/BTC").header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .exchange().expectStatus().isOk();

        await("the request's spans at the gateway and the query service").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<TraceReceiver.ReceivedSpan> trace = suite.traces.trace(traceId);
            TraceReceiver.ReceivedSpan gateway = trace.stream()
                    .filter(s -> s.service().equals("gateway") && s.kind().equals("SPAN_KIND_SERVER")).findFirst().orElse(null);
            assertThat(gateway).as("the gateway's server span in %s", trace).isNotNull();
            assertThat(gateway.parentSpanId()).isEqualTo(callerSpanId);
            TraceReceiver.ReceivedSpan query = trace.stream()
                    .filter(s -> s.service().equals("market-query-service") && s.kind().equals("SPAN_KIND_SERVER")).findFirst().orElse(null);
            assertThat(query).as("the query service's server span in %s", trace).isNotNull();
            assertThat(trace).as("the query span's parent is the gateway's")
                    .anySatisfy(s -> {
                        assertThat(s.service()).isEqualTo("gateway");
                        assertThat(s.spanId()).isEqualTo(query.parentSpanId());
                    });
        });
    }

    private static List<JsonNode> updates(List<JsonNode> frames) {
        return frames.stream().filter(f -> "update".equals(f.path("type").asString())).toList();
    }

    private static JsonNode answer(WebTestClient http) {
        byte[] body = http.get().uri("/api/v1/quotes/BTC").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    /** The stream entry of the consensus quote a REST answer shows (its idempotency key has the source time). */
    private static Entry entryOf(JsonNode answer) {
        if (!"consensus".equals(answer.path("priceSource").asString())) {
            return null;
        }
        String id = Quote.idempotencyKey(Quote.CONSENSUS_SOURCE, "BTC", answer.path("quote").asString(),
                Instant.parse(answer.path("sourceTime").asString()).toEpochMilli());
        return redis.opsForStream().reverseRange(suite.btcStream, Range.unbounded(), Limit.limit().count(1000))
                .map(record -> {
                    Map<String, String> fields = new HashMap<>();
                    record.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
                    return new Entry(record.getId().getValue(), fields);
                })
                .filter(e -> id.equals(e.fields().get("id")))
                .next().block(Duration.ofSeconds(5));
    }

    private static void awaitArchived(Entry entry) {
        TestPostgres.Settings pg = TestPostgres.settings();
        await("the quote archived in PostgreSQL").atMost(Duration.ofSeconds(20)).until(() -> {
            try (var connection = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                 var statement = connection.prepareStatement("SELECT price::text, stream_id FROM " + suite.schema
                         + ".market_quotes WHERE id = ?")) {
                statement.setString(1, entry.fields().get("id"));
                try (var rows = statement.executeQuery()) {
                    return rows.next() && new java.math.BigDecimal(rows.getString(1))
                            .compareTo(new java.math.BigDecimal(entry.fields().get("price"))) == 0
                            && entry.id().equals(rows.getString(2));
                }
            }
        });
    }

    private static TraceReceiver.ReceivedSpan only(List<TraceReceiver.ReceivedSpan> trace, String name, String service) {
        List<TraceReceiver.ReceivedSpan> named = trace.stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as("%s spans in %s", name, trace).hasSize(1);
        assertThat(named.getFirst().service()).isEqualTo(service);
        return named.getFirst();
    }

    /** The spans named {@code name} about {@code entry}, each a child of the span the entry names. */
    private static List<TraceReceiver.ReceivedSpan> consumerSpans(List<TraceReceiver.ReceivedSpan> trace, Entry entry, String name) {
        String parent = entry.fields().get("traceparent").split("-")[2];
        List<TraceReceiver.ReceivedSpan> spans = trace.stream()
                // one poll appends to several partitions at once, so entries of one trace may share an id: the span's
                // stream (where it names one) tells BTC's partition apart
                .filter(s -> s.name().equals(name) && entry.id().equals(s.attribute("entry.id"))
                        && (s.attribute("stream") == null || s.attribute("stream").equals(suite.btcStream))).toList();
        assertThat(spans).as("%s spans of entry %s in %s", name, entry.id(), trace).isNotEmpty()
                .allSatisfy(s -> {
                    assertThat(s.parentSpanId()).isEqualTo(parent);
                    assertThat(s.kind()).isEqualTo("SPAN_KIND_CONSUMER");
                });
        return spans;
    }

    private static int compareIds(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int byTime = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return byTime != 0 ? byTime : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return java.util.HexFormat.of().formatHex(random);
    }
}
