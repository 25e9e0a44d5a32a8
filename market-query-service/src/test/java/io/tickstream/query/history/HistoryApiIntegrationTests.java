package io.tickstream.query.history;

import io.tickstream.query.QueryFixtures;
import io.tickstream.query.QueryInstance;
import io.tickstream.query.QueryTestSettings;
import io.tickstream.query.TestStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Candles read from the rollups and raw history, paged, as JSON and CSV: ADA over two days of 2026-10 (a quote and
 * a trade of 0.5 ADA every minute but every 7th, a backfilled first hour), BTC's quotes and trades several per
 * millisecond.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryApiIntegrationTests {

    static final Instant DAY = Instant.parse("2026-10-01T00:00:00Z");
    static final int MINUTES = 2 * 1440;
    static final JsonMapper JSON = JsonMapper.builder().build();

    final QueryTestSettings settings = new QueryTestSettings();
    TestStreams streams;
    QueryInstance service;
    WebTestClient client;
    int liveMinutes;

    @BeforeAll
    void start() {
        settings.createSchema();
        // live minutes 60.. (every 7th without quote or trade): a price 100 + minute / 100, a trade of 0.5
        settings.sql("""
                INSERT INTO market_quotes (id, symbol, quote, source, price, source_time, ingest_time, schema_version, traceparent, stream_id)
                SELECT 'quote:binance:ADA:USDT:' || m, 'ADA', 'USDT', 'binance', 100 + m / 100.0,
                       TIMESTAMPTZ '2026-10-01 00:00:00+00' + m * interval '1 minute' + interval '5 seconds', now(), 1, 'tp', '0-' || m
                FROM generate_series(60, %d) AS m WHERE m %% 7 <> 0""".formatted(MINUTES - 1));
        settings.sql("""
                INSERT INTO market_trades (id, symbol, quote, source, price, size, side, trade_id, source_time, ingest_time, schema_version, traceparent, stream_id)
                SELECT 'trade:binance:ADA:USDT:' || m, 'ADA', 'USDT', 'binance', 100 + m / 100.0, 0.5, 'buy', m::text,
                       TIMESTAMPTZ '2026-10-01 00:00:00+00' + m * interval '1 minute' + interval '6 seconds', now(), 1, 'tp', '0-' || m
                FROM generate_series(60, %d) AS m WHERE m %% 7 <> 0""".formatted(MINUTES - 1));
        // the live consensus began on the second day
        settings.sql("""
                INSERT INTO market_quotes (id, symbol, quote, source, price, source_time, ingest_time, schema_version, traceparent, stream_id)
                SELECT 'quote:consensus:ADA:USD:' || m, 'ADA', 'USD', 'consensus', 200 + m / 100.0,
                       TIMESTAMPTZ '2026-10-01 00:00:00+00' + m * interval '1 minute' + interval '9 seconds', now(), 1, 'tp', '0-' || m
                FROM generate_series(1440, %d) AS m""".formatted(MINUTES - 1));
        // the backfill's bars for the first hour
        settings.sql("""
                INSERT INTO candles_1m (symbol, source, quote, open_time, open, high, low, close, open_at, close_at, base_volume, quote_volume, ticks, trades, origin)
                SELECT 'ADA', 'binance', 'USDT', TIMESTAMPTZ '2026-10-01 00:00:00+00' + m * interval '1 minute', 99, 99.5, 98.5, 99, 
                       TIMESTAMPTZ '2026-10-01 00:00:00+00' + m * interval '1 minute', TIMESTAMPTZ '2026-10-01 00:00:00+00' + m * interval '1 minute',
                       2, 198, 10, 10, 'backfill'
                FROM generate_series(0, 59) AS m""");
        // BTC raw rows: 3 quotes per millisecond, from two sources, and trades
        settings.sql("""
                INSERT INTO market_quotes (id, symbol, quote, source, price, source_time, ingest_time, schema_version, traceparent, stream_id)
                SELECT 'quote:' || s || ':BTC:USD:' || i || ':' || k, 'BTC', 'USD', s, 67000 + i, TIMESTAMPTZ '2026-10-01 10:00:00+00' + i * interval '1 millisecond',
                       now(), 1, 'tp', '0-' || i
                FROM generate_series(0, 19) AS i, generate_series(1, 3) AS k, unnest(ARRAY['consensus', 'kraken']) AS s""");
        settings.sql("""
                INSERT INTO market_trades (id, symbol, quote, source, price, size, side, trade_id, source_time, ingest_time, schema_version, traceparent, stream_id)
                SELECT 'trade:binance:BTC:USDT:' || i, 'BTC', 'USDT', 'binance', 67000, '0.01', 'sell', i::text,
                       TIMESTAMPTZ '2026-10-01 10:00:00+00' + (i / 4) * interval '1 millisecond', now(), 1, 'tp', '0-' || i
                FROM generate_series(1, 25) AS i""");
        settings.rollUp();
        liveMinutes = (int) settings.count("SELECT count(*) FROM candles_1m WHERE symbol = 'ADA' AND source = 'binance' AND origin = 'live'");
        streams = new TestStreams(settings);
        streams.append(QueryFixtures.quote("binance", "ADA", "0.5", "1", null, System.currentTimeMillis()));
        streams.append(QueryFixtures.quote("binance", "BTC", "67000", "1", null, System.currentTimeMillis()));
        service = new QueryInstance(settings.properties());
        client = service.client();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client.get().uri("/api/v1/quotes/ADA").exchange()
                .expectStatus().isOk());
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (streams != null) {
            streams.close();
        }
        settings.dropSchema();
    }

    @Test
    void candlePagesWalkTheRangeOnceNewestPageFirstAndTheBackfillJoinsTheLiveCandles() {
        String first = "/api/v1/quotes/ADA/candles?interval=1m&from=2026-10-01T00:00:00Z&to=2026-10-03T00:00:00Z&limit=1000";
        List<String> times = new ArrayList<>();
        String uri = first;
        int pages = 0;
        while (uri != null) {
            var result = client.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult();
            JsonNode page = JSON.readTree(result.getResponseBody());
            List<String> pageTimes = new ArrayList<>();
            page.get("candles").forEach(c -> pageTimes.add(c.get("time").asString()));
            assertThat(pageTimes).as("oldest first within a page").isSorted();
            if (!times.isEmpty()) {
                assertThat(pageTimes.getLast()).as("each page older than the one before").isLessThan(times.getFirst());
            }
            times.addAll(0, pageTimes);
            String next = page.get("next").isNull() ? null : page.get("next").asString();
            assertThat(result.getResponseHeaders().getFirst(HttpHeaders.LINK))
                    .isEqualTo(next == null ? null : "<" + next + ">; rel=\"next\"");
            assertThat(page.get("source").asString()).isEqualTo("binance");
            assertThat(page.get("quote").asString()).isEqualTo("USDT");
            uri = next;
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(new HashSet<>(times)).hasSameSizeAs(times);
        assertThat(times).hasSize(60 + liveMinutes).isSorted();
        assertThat(times.getFirst()).isEqualTo("2026-10-01T00:00:00Z");
        // the backfilled hour and the first live minute meet without a gap
        assertThat(times.get(59)).isEqualTo("2026-10-01T00:59:00Z");
        assertThat(times.get(60)).isEqualTo("2026-10-01T01:00:00Z");
        assertThat(times).doesNotContain("2026-10-01T01:03:00Z"); // minute 63, a 7th: no quote, no candle
    }

    @Test
    void aRangeOlderThanTheLiveConsensusIsAnsweredFromTheSourceWhoseHistoryCoversIt() {
        assertThat(get("/api/v1/quotes/ADA/candles?interval=1h&from=2026-10-01T12:00:00Z&to=2026-10-02T12:00:00Z")
                .get("source").asString()).isEqualTo("binance");
        JsonNode recent = get("/api/v1/quotes/ADA/candles?interval=1h&from=2026-10-02T00:00:00Z&to=2026-10-02T12:00:00Z");
        assertThat(recent.get("source").asString()).isEqualTo("consensus");
        assertThat(recent.get("quote").asString()).isEqualTo("USD");
        assertThat(recent.at("/candles/0/volume").isNull()).as("no trades in USD").isTrue();
        assertThat(get("/api/v1/quotes/ADA/candles?interval=1h&from=2026-10-01T12:00:00Z&to=2026-10-02T12:00:00Z&source=consensus")
                .get("candles").size()).isEqualTo(12);
    }

    @Test
    void everyIntervalHasVolumeSummedFromItsMinutes() {
        for (String interval : List.of("1m", "5m", "15m", "1h", "4h", "1d")) {
            JsonNode page = get("/api/v1/quotes/ADA/candles?interval=" + interval + "&from=2026-10-01T00:00:00Z&to=2026-10-03T00:00:00Z&limit=1000");
            assertThat(page.get("candles").size()).as(interval).isPositive();
            page.get("candles").forEach(c -> assertThat(c.get("volume").isNull()).as(interval + " " + c).isFalse());
        }
        JsonNode day = get("/api/v1/quotes/ADA/candles?interval=1d&from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z");
        JsonNode candle = day.get("candles").get(0);
        long liveFirstDay = settings.count("SELECT count(*) FROM candles_1m WHERE symbol = 'ADA' AND origin = 'live'"
                + " AND open_time < '2026-10-02T00:00:00Z'");
        assertThat(new BigDecimal(candle.get("volume").asString()))
                .isEqualByComparingTo(new BigDecimal("0.5").multiply(BigDecimal.valueOf(liveFirstDay)).add(BigDecimal.valueOf(120)));
        assertThat(candle.get("open").asString()).isEqualTo("99");
        assertThat(candle.get("origin").asString()).isEqualTo("mixed");
        JsonNode hour = get("/api/v1/quotes/ADA/candles?interval=1h&from=2026-10-01T00:00:00Z&to=2026-10-01T01:00:00Z");
        assertThat(hour.at("/candles/0/origin").asString()).isEqualTo("backfill");
        assertThat(hour.at("/candles/0/trades").asLong()).isEqualTo(600);
    }

    @Test
    void aDerivedCandleIsAnsweredAsTheRollupJobStoredItAndRenderedWhereNothingIsStored() {
        // a series of its own (source "probe") whose stored JSON differs from its columns: the stored text is the answer
        settings.sql("""
                INSERT INTO candles_derived (interval_s, symbol, source, quote, open_time, open, high, low, close, ticks, origin, wire)
                VALUES (86400, 'BTC', 'probe', 'USD', '2026-09-01T00:00:00Z', 2, 2, 2, 2, 1, 'backfill',
                        '{"time":"2026-09-01T00:00:00Z","open":"1","high":"1","low":"1","close":"1","volume":null,"quoteVolume":null,"ticks":1,"trades":null,"origin":"stored"}'),
                       (86400, 'BTC', 'probe', 'USD', '2026-09-02T00:00:00Z', 3.50, 4, 3, 3.25, 2, 'backfill', NULL);
                INSERT INTO candle_series VALUES ('BTC', 'probe', 'USD', '2026-09-01T00:00:00Z', '2026-09-02T00:00:00Z')""");
        JsonNode candles = get("/api/v1/quotes/BTC/candles?interval=1d&from=2026-09-01T00:00:00Z&to=2026-09-03T00:00:00Z&source=probe")
                .get("candles");
        assertThat(candles).hasSize(2);
        assertThat(candles.get(0).get("origin").asString()).isEqualTo("stored");
        assertThat(candles.get(0).get("open").asString()).isEqualTo("1");
        // nothing stored: rendered from the columns, in the same form
        assertThat(candles.get(1).toString()).isEqualTo("{\"time\":\"2026-09-02T00:00:00Z\",\"open\":\"3.5\",\"high\":\"4\","
                + "\"low\":\"3\",\"close\":\"3.25\",\"volume\":null,\"quoteVolume\":null,\"ticks\":2,\"trades\":null,"
                + "\"origin\":\"backfill\"}");
    }

    @Test
    void candlesAsCsv() {
        var result = client.get().uri("/api/v1/quotes/ADA/candles?interval=1h&from=2026-10-01T00:00:00Z&to=2026-10-01T05:00:00Z&limit=3")
                .header(HttpHeaders.ACCEPT, "text/csv").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                .expectBody(String.class).returnResult();
        String[] lines = result.getResponseBody().split("\r\n");
        assertThat(lines[0]).isEqualTo("time,open,high,low,close,volume,quote_volume,ticks,trades,origin");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).startsWith("2026-10-01T02:00:00Z,").endsWith(",live");
        assertThat(lines[3]).startsWith("2026-10-01T04:00:00Z,");
        assertThat(result.getResponseHeaders().getFirst(HttpHeaders.LINK)).contains("cursor=").endsWith("rel=\"next\"");
        // JSON stays the default, and wins when preferred
        client.get().uri("/api/v1/quotes/ADA/candles?interval=1h&from=2026-10-01T00:00:00Z&to=2026-10-01T05:00:00Z&limit=3")
                .header(HttpHeaders.ACCEPT, "application/json, text/csv;q=0.5").exchange()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
    }

    @Test
    void rawQuotePagesWalkTheRangeOnceEvenWhereRowsShareAMillisecond() {
        Set<String> ids = new HashSet<>();
        List<String> all = new ArrayList<>();
        String uri = "/api/v1/quotes/BTC/history?from=2026-10-01T10:00:00Z&to=2026-10-01T10:00:01Z&limit=7";
        int pages = 0;
        while (uri != null) {
            JsonNode page = get(uri);
            assertThat(page.get("quotes").size()).isLessThanOrEqualTo(7);
            page.get("quotes").forEach(q -> all.add(q.get("id").asString()));
            page.get("quotes").forEach(q -> ids.add(q.get("id").asString()));
            uri = page.get("next").isNull() ? null : page.get("next").asString();
            pages++;
        }
        assertThat(all).hasSize(120).hasSameSizeAs(ids);
        assertThat(pages).isEqualTo(18);
        JsonNode consensus = get("/api/v1/quotes/BTC/history?from=2026-10-01T10:00:00Z&to=2026-10-01T10:00:00.005Z&source=consensus");
        assertThat(consensus.get("quotes").size()).isEqualTo(15);
        consensus.get("quotes").forEach(q -> assertThat(q.get("source").asString()).isEqualTo("consensus"));
        assertThat(consensus.at("/quotes/0/price").asString()).isEqualTo("67000");
        assertThat(consensus.at("/quotes/0/time").asString()).isEqualTo("2026-10-01T10:00:00Z");
    }

    @Test
    void rawTradesPagedAndAsCsv() {
        JsonNode page = get("/api/v1/quotes/BTC/trades/history?from=2026-10-01T10:00:00Z&to=2026-10-01T10:01:00Z&limit=10");
        assertThat(page.get("trades").size()).isEqualTo(10);
        assertThat(page.at("/trades/0/size").asString()).isEqualTo("0.01");
        String second = page.get("next").asString();
        JsonNode rest = get(second);
        JsonNode last = get(rest.get("next").asString());
        assertThat(last.get("trades").size()).isEqualTo(5);
        assertThat(last.get("next").isNull()).isTrue();
        String csv = client.get().uri("/api/v1/quotes/BTC/trades/history?from=2026-10-01T10:00:00Z&to=2026-10-01T10:01:00Z&limit=100")
                .header(HttpHeaders.ACCEPT, "text/csv").exchange().expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.LINK)
                .expectBody(String.class).returnResult().getResponseBody();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("id,source,quote,price,size,side,tradeId,time,ingestTime");
        assertThat(lines).hasSize(26);
        assertThat(lines[1]).startsWith("trade:binance:BTC:USDT:1,binance,USDT,67000,0.01,sell,1,2026-10-01T10:00:00Z,");
    }

    @Test
    void indicatorsIncludeMacdAndBollingerBands() {
        JsonNode values = get("/api/v1/quotes/ADA/indicators?names=macd,bb,sma&window=20&interval=1m").get("values");
        assertThat(values.has("macd12_26_9")).isTrue();
        assertThat(values.has("macd12_26_9.signal")).isTrue();
        assertThat(values.has("sma20")).isTrue();
        // no minute of ADA in the last 1,000 minutes: nothing to compute from
        assertThat(values.get("bb20_2.upper").isNull()).isTrue();
    }

    @Test
    void candlesAndIndicatorsShowAsSoonAsABackfillArrivesNotWhenAnEmptyAnswerExpires() {
        streams.append(QueryFixtures.quote("binance", "DOT", "4.5", "1", null, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client.get().uri("/api/v1/quotes/DOT").exchange()
                .expectStatus().isOk());
        String range = "/api/v1/quotes/DOT/candles?interval=1m&from=2026-10-05T00:00:00Z&to=2026-10-05T02:00:00Z";
        String indicators = "/api/v1/quotes/DOT/indicators?names=sma20&interval=1m";
        assertThat(get(range).get("candles")).isEmpty();
        assertThat(get(indicators).at("/values/sma20").isNull()).isTrue();

        // the backfill arrives: two hours of that day, and the last 100 minutes
        settings.sql("""
                INSERT INTO candles_1m (symbol, source, quote, open_time, open, high, low, close, open_at, close_at, base_volume, quote_volume, ticks, trades, origin)
                SELECT 'DOT', 'binance', 'USDT', t, 4, 4.5, 3.5, 4.25, t, t + interval '59 seconds', 1, 4.25, 3, 3, 'backfill'
                FROM (SELECT TIMESTAMPTZ '2026-10-05 00:00:00+00' + m * interval '1 minute' AS t FROM generate_series(0, 119) AS m
                      UNION ALL SELECT date_trunc('minute', now()) - m * interval '1 minute' FROM generate_series(1, 100) AS m) AS times""");
        settings.rollUp();
        // answered from the rollups at once: neither "no candles" nor "too few for sma20" was kept in the cache
        assertThat(get(range).get("candles")).hasSize(120);
        assertThat(get(indicators).at("/values/sma20").asString()).isEqualTo("4.25");
    }

    @Test
    void badInputIsAProblem() {
        problem("/api/v1/quotes/BTC/history?from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z", "must be before to");
        problem("/api/v1/quotes/BTC/history?limit=0", "limit must be between 1 and 5000");
        problem("/api/v1/quotes/BTC/history?cursor=%25%25", "cursor is not one");
        problem("/api/v1/quotes/BTC/trades/history?source=Bin%20ance", "source is malformed");
        problem("/api/v1/quotes/BTC/trades/history?from=2026-10-01T10:00:00Z&to=2026-10-01T10:01:00Z&cursor="
                + new HistoryCursor(Instant.parse("2026-09-01T00:00:00Z"), "x").encode(), "does not belong to this range");
        client.get().uri("/api/v1/quotes/NOPE/history").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private JsonNode get(String uri) {
        return JSON.readTree(client.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody());
    }

    private void problem(String uri, String reason) {
        client.get().uri(uri).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains(reason));
    }
}
