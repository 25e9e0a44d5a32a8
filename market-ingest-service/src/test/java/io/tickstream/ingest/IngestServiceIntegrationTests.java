package io.tickstream.ingest;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;
import io.tickstream.ingest.fake.Fault;
import io.tickstream.ingest.fake.FakeMarketApis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole ingest service, against the real local Redis and the fake of every market API: data
 * flows from each source to the streams through the codec, and each failure path of a source shows as
 * health entries and metrics while the other sources keep flowing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestServiceIntegrationTests {

    private static final FakeMarketApis fake = FakeMarketApis.start().liveTimes().setPrice("BTC", "67123.45");
    private static final IngestTestSettings settings = new IngestTestSettings();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        settings.properties(fake, "it-a").forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    private ReactiveStringRedisTemplate redis;

    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;

    private StreamReader streams;
    private WebTestClient http;
    private WebTestClient admin;
    private WebTestClient actuator;

    @BeforeEach
    void setUp() {
        streams = new StreamReader(redis);
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
        admin = http.mutate().defaultHeader("X-Admin-Key", IngestTestSettings.ADMIN_KEY).build();
        actuator = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void clearFaults() {
        fake.clearFaults();
    }

    @AfterAll
    static void cleanUp() {
        try (RedisTemplates redis = new RedisTemplates()) {
            redis.template().delete(settings.keys()).block();
        }
        fake.close();
    }

    @Test
    void quotesOfEverySourceAndTheirConsensusLandThroughTheCodec() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(streams.quotes(settings.marketData))
                .filteredOn(q -> q.symbol().equals("BTC")).extracting(q -> q.meta().source())
                .contains("binance", "kraken", "coinbase", "coingecko", "consensus"));
        List<Quote> btc = streams.quotes(settings.marketData).stream().filter(q -> q.symbol().equals("BTC")).toList();
        assertThat(btc).filteredOn(q -> !q.meta().source().equals("consensus"))
                .allSatisfy(q -> assertThat(q.price()).isEqualByComparingTo("67123.45"))
                .allSatisfy(q -> assertThat(q.stale()).isFalse());
        assertThat(btc).filteredOn(q -> q.meta().source().equals("binance")).first()
                .satisfies(q -> assertThat(q.quote()).isEqualTo("USDT"));
        Quote consensus = btc.stream().filter(q -> q.meta().source().equals("consensus")).reduce((a, b) -> b).orElseThrow();
        assertThat(consensus.price()).isEqualTo(new java.math.BigDecimal("67123.45"));
        assertThat(consensus.consensus().sources()).isGreaterThanOrEqualTo(2);
        assertThat(consensus.quote()).isEqualTo("USD");

        assertThat(streams.quotes(settings.marketData)).noneMatch(q -> q.symbol().equals("NOPE"));
        List<String> ids = streams.ids(settings.marketData);
        assertThat(new HashSet<>(ids)).as("no idempotency key appended twice").hasSize(ids.size());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(streams.events(settings.dashboard))
                .extracting(e -> e.meta().source()).contains("coingecko", "feargreed"));
        List<MarketSummary> summaries = streams.events(settings.dashboard).stream().map(MarketSummary.class::cast).toList();
        assertThat(summaries).filteredOn(s -> s.meta().source().equals("coingecko"))
                .allSatisfy(s -> assertThat(s.totalMarketCapUsd()).isPositive());
        assertThat(summaries).filteredOn(s -> s.meta().source().equals("feargreed"))
                .allSatisfy(s -> assertThat(s.fearGreedValue()).isBetween(0, 100));

        assertThat(prometheus()).contains("tickstream_ingest_unknown_symbols_total{")
                .contains("tickstream_ingest_source_requests_total{")
                .contains("tickstream_ingest_source_latency_seconds");
    }

    @Test
    void a429PausesTheSourceForRetryAfterThenItResumes() {
        String after = lastHealthId();
        fake.failNext("binance", Fault.status(429).header("Retry-After", "2"));
        SourceHealthChanged limited = awaitHealth(after, "binance", SourceState.RATE_LIMITED);
        assertThat(limited.retryAfterMs()).isEqualTo(2000L);
        int calls = fake.requestCount("binance");
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofMillis(1700))
                .until(() -> fake.requestCount("binance") == calls);
        awaitHealth(after, "binance", SourceState.UP);
        assertThat(fake.requestCount("binance")).isGreaterThan(calls);
        assertThat(prometheus()).containsPattern("tickstream_ingest_source_rate_limited_total\\{[^}]*source=\"binance\"[^}]*status=\"429\"");
    }

    @Test
    void binances418BanIsHonouredLikeA429() {
        String after = lastHealthId();
        fake.failNext("binance", Fault.status(418).header("Retry-After", "2"));
        SourceHealthChanged banned = awaitHealth(after, "binance", SourceState.RATE_LIMITED);
        assertThat(banned.reason()).contains("418");
        int calls = fake.requestCount("binance");
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofMillis(1700))
                .until(() -> fake.requestCount("binance") == calls);
        awaitHealth(after, "binance", SourceState.UP);
    }

    @Test
    void aFailingSourceGoesDownWhileTheOthersKeepFlowingThenRecovers() {
        String after = lastHealthId();
        fake.failNext("kraken", 1000, Fault.status(503));
        awaitHealth(after, "kraken", SourceState.DOWN);
        int coinbaseQuotes = count("coinbase");
        await().atMost(Duration.ofSeconds(5)).until(() -> count("coinbase") > coinbaseQuotes);
        fake.clearFaults();
        awaitHealth(lastHealthIdOf("kraken", SourceState.DOWN), "kraken", SourceState.UP);
    }

    @Test
    void aSlowSourceTimesOutWithoutDelayingTheOthers() {
        String after = lastHealthId();
        fake.failNext("coinbase", 1000, Fault.delay(Duration.ofSeconds(3)));
        SourceHealthChanged slow = awaitHealth(after, "coinbase", SourceState.DEGRADED);
        assertThat(slow.reason()).contains("timeout");
        int binanceQuotes = count("binance");
        await().atMost(Duration.ofSeconds(3)).until(() -> count("binance") > binanceQuotes + 3);
        fake.clearFaults();
    }

    @Test
    void malformedJsonIsAFailureNotData() {
        String after = lastHealthId();
        int before = count("coingecko");
        fake.failNext("/coingecko/api/v3/coins", Fault.malformedJson());
        SourceHealthChanged degraded = awaitHealth(after, "coingecko", SourceState.DEGRADED);
        assertThat(degraded.reason()).containsIgnoringCase("malformed");
        awaitHealth(after, "coingecko", SourceState.UP);
        assertThat(count("coingecko")).isGreaterThanOrEqualTo(before);
    }

    @Test
    void absurdValuesAreRejectedAndCountedNeverPublished() {
        String after = lastEntryId(settings.marketData);
        fake.patch("kraken", "SOL", "c", "[\"0.00000\", \"1.0\"]");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(prometheus())
                .containsPattern("tickstream_ingest_rejected_total\\{[^}]*reason=\"non_positive\"[^}]*source=\"kraken\""));
        await("the rest of kraken's answer still flows").atMost(Duration.ofSeconds(5)).until(() ->
                countSince(after, q -> q.meta().source().equals("kraken") && q.symbol().equals("BTC")) > 1);
        assertThat(countSince(after, q -> q.meta().source().equals("kraken") && q.symbol().equals("SOL")
                && q.meta().ingestTime() > System.currentTimeMillis() - 500)).isZero();
        fake.patch("kraken", "SOL", "c", "[\"150.25000\", \"1.0\"]");
    }

    @Test
    void adminRefreshPollsNowAndBadInputIsAProblem() {
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.requestCount("feargreed") >= 1);
        int before = fake.requestCount("feargreed");
        http.post().uri("/admin/refresh?source=feargreed").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/admin/sources").header("X-Admin-Key", "a-guess").exchange().expectStatus().isUnauthorized();
        http.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
        admin.post().uri("/admin/refresh?source=feargreed").exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.source").isEqualTo("feargreed").jsonPath("$.controlEntryId").isNotEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.requestCount("feargreed") > before);

        admin.post().uri("/admin/refresh?source=nope").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("nope"))
                .jsonPath("$.trace").doesNotExist();
        admin.get().uri("/admin/sources").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.binance.state").isNotEmpty().jsonPath("$.binance.breaker").isNotEmpty();
        actuator.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void adminBackfillLoadsHistoryAsBarsShowsProgressAndRefusesBadInput() {
        admin.post().uri("/admin/backfill?source=kraken&depth=PT20M").exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.depth").isEqualTo("PT20M");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> admin.get().uri("/admin/backfill").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.progress.kraken.BTC.state").isEqualTo("done")
                .jsonPath("$.progress.kraken.ETH.state").isEqualTo("done")
                .jsonPath("$.progress.kraken.BTC.bars").isEqualTo(20));
        String btcBars = io.tickstream.common.stream.Partitions.defaults().keyFor(settings.bars, "BTC");
        assertThat(redis.opsForStream().size(btcBars).block()).isGreaterThanOrEqualTo(20);

        admin.post().uri("/admin/backfill?source=feargreed").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("feargreed"));
        admin.post().uri("/admin/backfill?source=kraken&depth=forever").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private SourceHealthChanged awaitHealth(String afterId, String source, SourceState state) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> healthSince(afterId).stream()
                .filter(h -> h.meta().source().equals(source) && h.state() == state)
                .findFirst().orElse(null), h -> h != null);
    }

    private List<SourceHealthChanged> healthSince(String afterId) {
        return redis.opsForStream().range(settings.health, org.springframework.data.domain.Range.leftOpen(afterId, "+"))
                .map(entry -> {
                    java.util.Map<String, String> fields = new java.util.HashMap<>();
                    entry.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
                    return (SourceHealthChanged) io.tickstream.common.stream.StreamEntryCodec.decode(fields);
                }).collectList().block();
    }

    private String lastHealthId() {
        return lastEntryId(settings.health);
    }

    private String lastHealthIdOf(String source, SourceState state) {
        return redis.opsForStream().range(settings.health, org.springframework.data.domain.Range.unbounded())
                .filter(e -> source.equals(e.getValue().get("source")) && state.wireName().equals(e.getValue().get("state")))
                .map(e -> e.getId().getValue()).last("0-0").block();
    }

    /** The newest entry id of {@code stream} and its partitions (all on one Redis clock). */
    private String lastEntryId(String stream) {
        return reactor.core.publisher.Flux.fromIterable(StreamReader.withPartitions(stream))
                .concatMap(key -> redis.opsForStream().reverseRange(key, org.springframework.data.domain.Range.unbounded(),
                        org.springframework.data.redis.connection.Limit.limit().count(1)))
                .map(e -> e.getId())
                .reduce((a, b) -> a.getTimestamp() > b.getTimestamp() || a.getTimestamp().equals(b.getTimestamp())
                        && a.getSequence() >= b.getSequence() ? a : b)
                .map(id -> id.getValue()).defaultIfEmpty("0-0").block();
    }

    private int count(String source) {
        return (int) streams.quotes(settings.marketData).stream().filter(q -> q.meta().source().equals(source)).count();
    }

    private int countSince(String afterId, Predicate<Quote> filter) {
        return (int) reactor.core.publisher.Flux.fromIterable(StreamReader.withPartitions(settings.marketData))
                .concatMap(key -> redis.opsForStream().range(key, org.springframework.data.domain.Range.leftOpen(afterId, "+")))
                .map(entry -> {
                    java.util.Map<String, String> fields = new java.util.HashMap<>();
                    entry.getValue().forEach((k, v) -> fields.put(k.toString(), v.toString()));
                    return io.tickstream.common.stream.StreamEntryCodec.decode(fields);
                })
                .filter(Quote.class::isInstance).map(Quote.class::cast).filter(filter).count().block().longValue();
    }

    private String prometheus() {
        return actuator.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unused")
    private static boolean isQuote(MarketEvent event) {
        return event instanceof Quote;
    }
}
