package io.tickstream.query;

import io.tickstream.common.event.SourceState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every endpoint and every validation error of one service instance against the real local Redis and
 * PostgreSQL, with the test's own streams, key prefixes and schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiIntegrationTests {

    static final Instant BASE = Instant.parse("2026-11-01T10:00:00Z");
    /** The time of the newest trades in the archive. */
    static final Instant RECENT_TRADE = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

    final QueryTestSettings settings = new QueryTestSettings();
    TestStreams streams;
    QueryInstance service;
    WebTestClient client;

    @BeforeAll
    void start() {
        settings.createSchema();
        insertHistory();
        streams = new TestStreams(settings);
        long now = System.currentTimeMillis();
        streams.append(QueryFixtures.quote("binance", "BTC", "67010", "2.5", null, now - 1000));
        streams.append(QueryFixtures.quote("coinbase", "BTC", "67030", "2.4", null, now - 1000));
        streams.append(QueryFixtures.quote("coingecko", "BTC", "67000", "2.6", "1300000000000", now - 1000));
        streams.append(QueryFixtures.consensus("BTC", "67010", "67000", "67030", 3, now - 900));
        streams.append(QueryFixtures.quote("binance", "ETH", "3500", "-4.5", null, now - 1000));
        streams.append(QueryFixtures.quote("coingecko", "ETH", "3501", "-4.4", "420000000000", now - 1000));
        streams.append(QueryFixtures.quote("binance", "SOL", "150", "7.5", null, now - 1000));
        streams.append(QueryFixtures.quote("binance", "DOGE", "0.2", "-1.25", null, now - 1000));
        streams.append(QueryFixtures.quote("kraken", "OLD", "1.5", "0", null, now - 600_000));
        streams.append(QueryFixtures.summary("2400000000000", "54.2", 71, now - 2000));
        streams.append(QueryFixtures.health("kraken", SourceState.RATE_LIMITED, now - 3000));
        Map<String, Object> properties = settings.properties();
        properties.put("tickstream.query.quotes.refresh-wait", "3s");
        properties.put("tickstream.query.quotes.refresh-every", "6s");
        service = new QueryInstance(properties);
        client = service.client();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> client.get().uri("/api/v1/quotes/DOGE").exchange()
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

    private void insertHistory() {
        // BTC: consensus rows (inserted out of time order) and a binance row the candles must ignore
        insert("consensus", "BTC", "95", BASE.plusSeconds(40));
        insert("consensus", "BTC", "100", BASE);
        insert("consensus", "BTC", "105", BASE.plusSeconds(20));
        insert("consensus", "BTC", "101", BASE.plusSeconds(70));
        insert("consensus", "BTC", "102", BASE.plusSeconds(110));
        insert("binance", "BTC", "999", BASE.plusSeconds(30));
        // ETH: no consensus; binance comes before kraken by priority
        insert("kraken", "ETH", "60", BASE.plusSeconds(10));
        insert("binance", "ETH", "50", BASE.plusSeconds(10));
        // SOL: one consensus quote an hour for the last 30 hours, 100, 101, ... 129
        settings.sql("""
                INSERT INTO market_quotes (id, symbol, quote, source, price, source_time, ingest_time, schema_version, traceparent, stream_id)
                SELECT 'quote:consensus:SOL:USD:' || i, 'SOL', 'USD', 'consensus', 100 + i,
                       date_trunc('hour', now()) - (29 - i) * interval '1 hour' + interval '1 minute', now(), 1, 'tp', '0-' || i
                FROM generate_series(0, 29) AS i""");
        // trades: BTC 1..5 a second apart (the newest a minute ago), two sharing a millisecond (ids 99 and 100),
        // one too old for the lookback (8 days); ETH one; DOGE none
        Instant recent = RECENT_TRADE;
        for (int i = 1; i <= 5; i++) {
            trade("binance", "BTC", Integer.toString(i), "67000." + i, i % 2 == 0 ? "buy" : "sell", recent.minusSeconds(10 - i));
        }
        trade("coinbase", "BTC", "99", "67010", "unknown", recent);
        trade("coinbase", "BTC", "100", "67011", "buy", recent);
        trade("binance", "BTC", "0", "1", "buy", Instant.now().minus(Duration.ofDays(8)));
        trade("kraken", "ETH", "7", "3500.5", "sell", recent);
        settings.rollUp();
    }

    private void trade(String source, String symbol, String tradeId, String price, String side, Instant time) {
        settings.sql(("INSERT INTO market_trades (id, symbol, quote, source, price, size, side, trade_id, source_time, ingest_time,"
                + " schema_version, traceparent, stream_id) VALUES ('trade:%s:%s:USDT:%s', '%s', 'USDT', '%s', %s, 0.0125, '%s', '%s',"
                + " '%s', now(), 1, 'tp', '1-0')").formatted(source, symbol, tradeId, symbol, source, price, side, tradeId, time));
    }

    private void insert(String source, String symbol, String price, Instant time) {
        settings.sql("INSERT INTO market_quotes (id, symbol, quote, source, price, source_time, ingest_time, schema_version, traceparent, stream_id) "
                + "VALUES ('quote:%s:%s:USD:%d', '%s', 'USD', '%s', %s, '%s', now(), 1, 'tp', '1-0')"
                .formatted(source, symbol, time.toEpochMilli(), symbol, source, price, time));
    }

    @Nested
    class KeepAlive {

        /**
         * A request that arrives on a keep-alive connection while the previous one is still being
         * answered is queued; after it is answered, the connection must go on reading. With Reactor
         * Netty 1.3.6 it did not (reactor/reactor-netty#4347): the next request sat unread until the
         * client gave up, the 20 s stalls these tests used to show now and then.
         */
        @Test
        void theConnectionKeepsReadingAfterAQueuedRequest() throws Exception {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", service.port())) {
                socket.setSoTimeout(5_000);
                var out = socket.getOutputStream();
                var in = new java.io.BufferedInputStream(socket.getInputStream());
                for (int round = 0; round < 20; round++) {
                    // candles of a range never asked before answer asynchronously (PostgreSQL); the quote, queued
                    // behind them, at once
                    String candles = "/api/v1/quotes/BTC/candles?interval=1m&from=2026-11-01T10:00:00Z&to=2026-11-01T10:"
                            + String.format("%02d", 20 + round) + ":00Z";
                    out.write((get(candles) + get("/api/v1/quotes/BTC")).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(status(in)).as("round %d, candles", round).isEqualTo(200);
                    assertThat(status(in)).as("round %d, queued quote", round).isEqualTo(200);
                    out.write(get("/api/v1/quotes/BTC").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(status(in)).as("round %d, the next request on the connection", round).isEqualTo(200);
                }
            }
        }

        private static String get(String path) {
            return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        }

        /** Reads one response (status line, headers, a Content-Length body); returns its status. */
        private static int status(java.io.InputStream in) throws java.io.IOException {
            String statusLine = line(in);
            int length = 0;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            assertThat(in.readNBytes(length)).hasSize(length);
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        private static String line(java.io.InputStream in) throws java.io.IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("connection closed after: " + line);
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    @Nested
    class Quotes {

        @Test
        void latestQuoteHasConsensusPerSourcePricesSpreadAndMarketFigures() {
            client.get().uri("/api/v1/quotes/btc").exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                    .expectBody()
                    .jsonPath("$.symbol").isEqualTo("BTC")
                    .jsonPath("$.price").isEqualTo("67010")
                    .jsonPath("$.priceSource").isEqualTo("consensus")
                    .jsonPath("$.sources.length()").isEqualTo(3)
                    .jsonPath("$.sources[0].source").isEqualTo("coingecko")
                    .jsonPath("$.spread.low").isEqualTo("67000")
                    .jsonPath("$.spread.high").isEqualTo("67030")
                    .jsonPath("$.spread.absolute").isEqualTo("30")
                    .jsonPath("$.marketCap").isEqualTo("1300000000000")
                    .jsonPath("$.change24hPct").isEqualTo("2.6")
                    .jsonPath("$.volume24h").isEqualTo("1000")
                    .jsonPath("$.stale").isEqualTo(false)
                    .jsonPath("$.sourceTime").isNotEmpty();
        }

        @Test
        void aQuoteOlderThanTheMaximumAgeIsFlaggedStale() {
            client.get().uri("/api/v1/quotes/OLD").exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-Cache", "COMPUTED")
                    .expectBody().jsonPath("$.stale").isEqualTo(true).jsonPath("$.sources[0].stale").isEqualTo(true);
        }

        @Test
        void aFreshQuoteIsServedPreSerializedFromL1() {
            client.get().uri("/api/v1/quotes/BTC").exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-Cache", "L1")
                    .expectHeader().valueEquals("X-Data-Stale", "false");
        }

        @Test
        void aliasesFoldToTheCanonicalSymbol() {
            client.get().uri("/api/v1/quotes/XBT").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.symbol").isEqualTo("BTC");
        }

        @Test
        void withoutConsensusThePriceComesFromTheFirstSourceByPriority() {
            client.get().uri("/api/v1/quotes/ETH").exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.priceSource").isEqualTo("coingecko")
                    .jsonPath("$.price").isEqualTo("3501")
                    .jsonPath("$.spread.sources").isEqualTo(2)
                    .jsonPath("$.spread.absolute").isEqualTo("1");
        }

        @Test
        void listsEverySymbol() {
            client.get().uri("/api/v1/quotes").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$[?(@.symbol == 'SOL')].price").isEqualTo("150")
                    .jsonPath("$.length()").isEqualTo(5);
        }

        @Test
        void anUpdateReplacesThePreSerializedAnswer() {
            streams.append(QueryFixtures.quote("binance", "DOGE", "0.25", "3", null, System.currentTimeMillis()));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> client.get().uri("/api/v1/quotes/DOGE").exchange()
                    .expectBody().jsonPath("$.price").isEqualTo("0.25"));
        }

        @Test
        void unknownSymbolIs404Problem() {
            client.get().uri("/api/v1/quotes/NOPE").exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("unknown symbol 'NOPE'"))
                    .jsonPath("$.trace").doesNotExist();
        }

        @Test
        void malformedSymbolIs400Problem() {
            client.get().uri("/api/v1/quotes/B$TC-TOO-LONG-SYMBOL").exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("malformed symbol"));
        }
    }

    @Nested
    class Dashboard {

        @Test
        void summaryWithTopSymbolsAndSourceHealth() {
            for (String path : new String[] {"/api/v1/dashboard", "/api/crypto/dashboard-summary"}) {
                client.get().uri(path).exchange().expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.totalMarketCapUsd").isEqualTo("2400000000000")
                        .jsonPath("$.btcDominancePct").isEqualTo("54.2")
                        .jsonPath("$.fearGreedValue").isEqualTo(71)
                        .jsonPath("$.topSymbols[0].symbol").isEqualTo("BTC")
                        .jsonPath("$.topSymbols[1].symbol").isEqualTo("ETH")
                        .jsonPath("$.sources.kraken").isEqualTo("rate_limited");
            }
        }

        @Test
        void refreshAsksTheIngestServiceThroughTheControlStreamThenAnswersTheNewSummary() {
            awaitRefreshGateOpen();
            long commandsBefore = streams.redis().xlen(settings.control);
            Thread.ofVirtual().start(() -> {
                await().atMost(Duration.ofSeconds(5)).until(() -> streams.redis().xlen(settings.control) > commandsBefore);
                streams.append(QueryFixtures.summary("2500000000000", "55", 40, System.currentTimeMillis()));
            });
            client.get().uri("/api/crypto/dashboard-summary/refresh").exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-Refresh", "fresh")
                    .expectBody().jsonPath("$.totalMarketCapUsd").isEqualTo("2500000000000");
            var command = streams.redis().xrange(settings.control, io.lettuce.core.Range.create("-", "+")).getLast().getBody();
            assertThat(command).containsEntry("command", "refresh").containsEntry("source", "all");
        }

        @Test
        void refreshesReachTheSourcesAtMostOncePerIntervalWhoeverCalls() {
            awaitRefreshGateOpen();
            long commandsBefore = streams.redis().xlen(settings.control);
            client.get().uri("/api/crypto/dashboard-summary/refresh").exchange().expectStatus().isOk()
                    .expectHeader().value("X-Refresh", outcome -> assertThat(outcome).isIn("fresh", "timeout"));
            assertThat(streams.redis().xlen(settings.control)).isEqualTo(commandsBefore + 1);
            long gateMs = streams.redis().pttl(settings.refreshGate);
            assertThat(gateMs).as("the gate holds for refresh-every").isBetween(1L, 6000L);
            // every other caller within the interval (any instance: the gate is in Redis) gets what is fresh now
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                client.get().uri("/api/crypto/dashboard-summary/refresh").exchange().expectStatus().isOk()
                        .expectHeader().valueEquals("X-Refresh", "throttled")
                        .expectBody().jsonPath("$.topSymbols").exists();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait for a poll").isLessThan(Duration.ofSeconds(1));
            }
            assertThat(streams.redis().xlen(settings.control)).as("no further command").isEqualTo(commandsBefore + 1);
            // after the interval the next caller refreshes again
            awaitRefreshGateOpen();
            client.get().uri("/api/crypto/dashboard-summary/refresh").exchange().expectStatus().isOk()
                    .expectHeader().value("X-Refresh", outcome -> assertThat(outcome).isNotEqualTo("throttled"));
            assertThat(streams.redis().xlen(settings.control)).isEqualTo(commandsBefore + 2);
        }

        private void awaitRefreshGateOpen() {
            await().atMost(Duration.ofSeconds(8)).until(() -> streams.redis().exists(settings.refreshGate) == 0);
        }
    }

    @Nested
    class Movers {

        @Test
        void gainersAndLosersBy24hChange() {
            client.get().uri("/api/v1/movers?window=24h&limit=1").exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.gainers.length()").isEqualTo(1)
                    .jsonPath("$.gainers[0].symbol").isEqualTo("SOL")
                    .jsonPath("$.losers[0].symbol").isEqualTo("ETH");
        }

        @Test
        void badWindowOrLimitIs400() {
            expectBadRequest("/api/v1/movers?window=7d", "window must be 24h");
            expectBadRequest("/api/v1/movers?limit=0", "limit must be between 1 and 50");
            expectBadRequest("/api/v1/movers?limit=51", "limit must be between 1 and 50");
            expectBadRequest("/api/v1/movers?limit=ten", "limit must be an integer");
        }
    }

    @Nested
    class HttpCaching {

        @Test
        void aQuoteCarriesAnETagAndAnUnchangedOneIsAnswered304WithoutABody() {
            var first = client.get().uri("/api/v1/quotes/BTC").exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("Cache-Control", "no-cache")
                    .expectHeader().value("ETag", tag -> assertThat(tag).matches("W/\"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+\""))
                    .expectBody(byte[].class).returnResult();
            String etag = first.getResponseHeaders().getETag();
            // the tag computed once when the answer was prepared is the tag of the bytes sent
            assertThat(etag).isEqualTo(io.tickstream.query.cache.CachedResponses.etag(first.getResponseBody()));
            client.get().uri("/api/v1/quotes/BTC").header("If-None-Match", etag).exchange()
                    .expectStatus().isNotModified()
                    .expectHeader().valueEquals("ETag", etag)
                    .expectBody().isEmpty();
            client.get().uri("/api/v1/quotes/BTC").header("If-None-Match", "W/\"1-0\"").exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.symbol").isEqualTo("BTC");
        }

        @Test
        void candlesOfAnotherRangeHaveAnotherETagAndRevalidateTo304() {
            String uri = "/api/v1/quotes/BTC/candles?interval=1m&from=2026-11-01T10:00:00Z&to=2026-11-01T10:05:00Z";
            String etag = client.get().uri(uri).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("Cache-Control", "no-cache")
                    .returnResult(byte[].class).getResponseHeaders().getETag();
            String other = client.get().uri(uri.replace("10:05:00Z", "10:01:00Z")).exchange().expectStatus().isOk()
                    .returnResult(byte[].class).getResponseHeaders().getETag();
            assertThat(etag).isNotBlank().isNotEqualTo(other);
            client.get().uri(uri).header("If-None-Match", etag).exchange().expectStatus().isNotModified();
        }

        @Test
        void answersAreGzippedForClientsThatAcceptIt() throws Exception {
            byte[] plain = client.get().uri("/api/v1/quotes").exchange().expectStatus().isOk()
                    .expectHeader().doesNotExist("Content-Encoding")
                    .expectBody(byte[].class).returnResult().getResponseBody();
            assertThat(plain).hasSizeGreaterThan(1024);
            byte[] gzipped = client.get().uri("/api/v1/quotes").header("Accept-Encoding", "gzip").exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("Content-Encoding", "gzip")
                    .expectBody(byte[].class).returnResult().getResponseBody();
            assertThat(gzipped.length).isLessThan(plain.length);
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped))) {
                assertThat(in.readAllBytes()).isEqualTo(plain);
            }
        }
    }

    @Nested
    class Candles {

        @Test
        void ohlcFromConsensusQuotesAggregatedInPostgres() {
            client.get().uri("/api/v1/quotes/BTC/candles?interval=1m&from=2026-11-01T10:00:00Z&to=2026-11-01T10:05:00Z")
                    .exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.source").isEqualTo("consensus")
                    .jsonPath("$.candles.length()").isEqualTo(2)
                    .jsonPath("$.candles[0].time").isEqualTo("2026-11-01T10:00:00Z")
                    .jsonPath("$.candles[0].open").isEqualTo("100")
                    .jsonPath("$.candles[0].high").isEqualTo("105")
                    .jsonPath("$.candles[0].low").isEqualTo("95")
                    .jsonPath("$.candles[0].close").isEqualTo("95")
                    .jsonPath("$.candles[0].ticks").isEqualTo(3)
                    .jsonPath("$.candles[1].open").isEqualTo("101")
                    .jsonPath("$.candles[1].close").isEqualTo("102");
        }

        @Test
        void withoutConsensusTheFirstSourceByPriorityMakesTheCandles() {
            client.get().uri("/api/v1/quotes/ETH/candles?interval=5m&from=2026-11-01T10:00:00Z&to=2026-11-01T11:00:00Z")
                    .exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.source").isEqualTo("binance")
                    .jsonPath("$.candles[0].close").isEqualTo("50");
        }

        @Test
        void limitKeepsTheNewestCandles() {
            client.get().uri("/api/v1/quotes/BTC/candles?interval=1m&from=2026-11-01T10:00:00Z&to=2026-11-01T10:05:00Z&limit=1")
                    .exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.candles.length()").isEqualTo(1)
                    .jsonPath("$.candles[0].time").isEqualTo("2026-11-01T10:01:00Z");
        }

        @Test
        void secondRequestIsServedFromL1() {
            String uri = "/api/v1/quotes/BTC/candles?interval=15m&from=2026-11-01T09:00:00Z&to=2026-11-01T12:00:00Z";
            client.get().uri(uri).exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", "COMPUTED");
            client.get().uri(uri).exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", "L1");
        }

        @Test
        void everyMalformedParameterIs400WithTheReason() {
            String base = "/api/v1/quotes/BTC/candles";
            expectBadRequest(base + "?interval=2m", "interval must be one of 1m, 5m, 15m, 1h, 4h, 1d");
            expectBadRequest(base + "?from=yesterday", "from must be an ISO-8601 instant");
            expectBadRequest(base + "?to=2026-13-01T00:00:00Z", "to must be an ISO-8601 instant");
            expectBadRequest(base + "?from=2026-11-01T11:00:00Z&to=2026-11-01T10:00:00Z", "must be before to");
            expectBadRequest(base + "?source=Bad!", "source is malformed");
            expectBadRequest(base + "?cursor=bm90LWEtY3Vyc29y", "cursor is not one a 'next' link of this API gave");
            expectBadRequest(base + "?limit=1001", "limit must be between 1 and 1000");
            expectBadRequest(base + "?limit=99999999999", "limit must be an integer");
            expectBadRequest(base + "?from=9000-01-01T00:00:00Z&to=9000-01-01T01:00:00Z", "must lie between");
            expectBadRequest(base + "?from=0&to=60", "must lie between");
            expectBadRequest(base + "?limit=0", "limit must be between 1 and 1000");
            expectBadRequest("/api/v1/quotes/B!TC/candles", "malformed symbol");
        }

        @Test
        void unknownSymbolIs404() {
            client.get().uri("/api/v1/quotes/NOPE/candles").exchange().expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Nested
    class Trades {

        @Test
        void newestFirstWithinAMillisecondByTradeIdInTheWebSocketsShape() {
            client.get().uri("/api/v1/quotes/btc/trades?limit=3").exchange().expectStatus().isOk()
                    .expectHeader().contentType(MediaType.APPLICATION_JSON)
                    .expectBody()
                    .jsonPath("$.symbol").isEqualTo("BTC")
                    .jsonPath("$.trades.length()").isEqualTo(3)
                    .jsonPath("$.trades[0].tradeId").isEqualTo("100")
                    .jsonPath("$.trades[0].id").isEqualTo("trade:coinbase:BTC:USDT:100")
                    .jsonPath("$.trades[0].source").isEqualTo("coinbase")
                    .jsonPath("$.trades[0].quote").isEqualTo("USDT")
                    .jsonPath("$.trades[0].price").isEqualTo("67011")
                    .jsonPath("$.trades[0].size").isEqualTo("0.0125")
                    .jsonPath("$.trades[0].side").isEqualTo("buy")
                    .jsonPath("$.trades[1].tradeId").isEqualTo("99")
                    .jsonPath("$.trades[1].side").isEqualTo("unknown")
                    .jsonPath("$.trades[1].time").isEqualTo(RECENT_TRADE.toEpochMilli())
                    .jsonPath("$.trades[2].tradeId").isEqualTo("5")
                    .jsonPath("$.trades[2].price").isEqualTo("67000.5");
        }

        @Test
        void theDefaultLimitTakesEveryTradeWithinTheLookbackAndASymbolWithoutTradesIsEmpty() {
            client.get().uri("/api/v1/quotes/BTC/trades").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.trades.length()").isEqualTo(7)
                    .jsonPath("$.trades[6].tradeId").isEqualTo("1");
            client.get().uri("/api/v1/quotes/ETH/trades").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.trades.length()").isEqualTo(1)
                    .jsonPath("$.trades[0].price").isEqualTo("3500.5");
            client.get().uri("/api/v1/quotes/DOGE/trades").exchange().expectStatus().isOk()
                    .expectBody().json("{\"symbol\":\"DOGE\",\"trades\":[]}");
        }

        @Test
        void badLimitsAre400AndAnUnknownSymbol404Problems() {
            expectBadRequest("/api/v1/quotes/BTC/trades?limit=0", "limit must be between 1 and 500");
            expectBadRequest("/api/v1/quotes/BTC/trades?limit=501", "limit must be between 1 and 500");
            expectBadRequest("/api/v1/quotes/BTC/trades?limit=ten", "limit must be an integer");
            expectBadRequest("/api/v1/quotes/B!TC/trades", "malformed symbol");
            client.get().uri("/api/v1/quotes/NOPE/trades").exchange().expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").isEqualTo("unknown symbol 'NOPE': no quote of it has been seen");
        }
    }

    @Nested
    class IndicatorsEndpoint {

        @Test
        void computedFromHourlyCandles() {
            client.get().uri("/api/v1/quotes/SOL/indicators?names=sma5,rsi14,ema10,sma50&interval=1h")
                    .exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.candles").isEqualTo(30)
                    .jsonPath("$.values.sma5").isEqualTo("127")
                    .jsonPath("$.values.rsi14").isEqualTo("100")
                    .jsonPath("$.values.ema10").value(v -> assertThat(new java.math.BigDecimal(v.toString()))
                            .isBetween(new java.math.BigDecimal("120"), new java.math.BigDecimal("129")))
                    .jsonPath("$.values.sma50").isEmpty();
        }

        @Test
        void badNamesOrIntervalAre400() {
            expectBadRequest("/api/v1/quotes/SOL/indicators?names=stoch14", "unknown indicator 'stoch14'");
            expectBadRequest("/api/v1/quotes/SOL/indicators?names=macd26_12_9", "the fast period must be below the slow one");
            expectBadRequest("/api/v1/quotes/SOL/indicators?names=sma&window=1", "window must be between 2 and 200");
            expectBadRequest("/api/v1/quotes/SOL/indicators?names=sma1", "the period must be 2..200");
            expectBadRequest("/api/v1/quotes/SOL/indicators?interval=3h", "interval must be one of");
            client.get().uri("/api/v1/quotes/NOPE/indicators").exchange().expectStatus().isNotFound();
        }
    }

    @Nested
    class Admin {

        @Test
        void l2HitIsPromotedToL1() {
            String uri = "/api/v1/quotes/BTC/candles?interval=1h&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z";
            client.get().uri(uri).exchange().expectHeader().valueEquals("X-Cache", "COMPUTED");
            // L2 is written in the background
            await().atMost(Duration.ofSeconds(5)).until(() -> streams.redis()
                    .exists(settings.cachePrefix + "candles:btc:1h:" + epoch("2026-11-01T00:00:00Z") + ":" + epoch("2026-11-02T00:00:00Z") + ":500") == 1);
            client.post().uri("/admin/cache/clear?pattern=candles:btc:1h:*&tier=l1").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.l1Removed").isEqualTo(1);
            client.get().uri(uri).exchange().expectHeader().valueEquals("X-Cache", "L2");
            client.get().uri(uri).exchange().expectHeader().valueEquals("X-Cache", "L1");
        }

        @Test
        void statsPerTierAndClearByPattern() {
            String uri = "/api/v1/quotes/BTC/candles?interval=4h&from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z";
            client.get().uri(uri).exchange().expectStatus().isOk();
            client.get().uri(uri).exchange().expectStatus().isOk();
            client.get().uri("/admin/cache/stats").exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.l1.hits").value(h -> assertThat(((Number) h).longValue()).isPositive())
                    .jsonPath("$.l1.misses").isNumber()
                    .jsonPath("$.l1.hitRate").isNumber()
                    .jsonPath("$.l1.size").isNumber()
                    .jsonPath("$.l1.evictions").isNumber()
                    .jsonPath("$.l2.hits").isNumber()
                    .jsonPath("$.l2.size").isNumber()
                    .jsonPath("$.l2.available").isEqualTo(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> streams.redis()
                    .exists(settings.cachePrefix + "candles:btc:4h:" + epoch("2026-11-01T00:00:00Z") + ":" + epoch("2026-11-03T00:00:00Z") + ":500") == 1);
            client.post().uri("/admin/cache/clear?pattern=candles:btc:4h:*").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.l1Removed").isEqualTo(1).jsonPath("$.l2Removed").isEqualTo(1);
            client.get().uri(uri).exchange().expectHeader().valueEquals("X-Cache", "COMPUTED");
            service.actuator().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                    .expectBody(String.class).value(body -> assertThat(body)
                            .contains("tickstream_query_cache_requests_total{application=\"market-query-service\",result=\"hit\",tier=\"l1\"}"));
        }

        @Test
        void adminEndpointsNeedTheAdminCredentialsAndTheActuatorIsNotOnTheServicePort() {
            WebTestClient anonymous = service.anonymousClient();
            anonymous.post().uri("/admin/cache/clear?pattern=candles:*").exchange().expectStatus().isUnauthorized()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            anonymous.get().uri("/admin/cache/stats").header("X-Admin-Key", "a-guess").exchange().expectStatus().isUnauthorized();
            anonymous.post().uri("/admin/reports?kind=1d&date=2026-11-01").exchange().expectStatus().isUnauthorized();
            anonymous.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
            anonymous.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
            service.actuator().get().uri("/actuator/health").exchange().expectStatus().isOk();
        }

        @Test
        void badClearPatternIs400() {
            client.post().uri("/admin/cache/clear?pattern=CANDLES{}").exchange().expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            client.post().uri("/admin/cache/clear?tier=l3").exchange().expectStatus().isBadRequest();
        }

        @Test
        void openApiAndSwaggerUiAreServed() {
            client.get().uri("/api/docs/openapi").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.paths['/api/v1/quotes/{symbol}']").exists()
                    .jsonPath("$.paths['/api/v1/quotes/{symbol}/candles']").exists()
                    .jsonPath("$.paths['/api/v1/quotes/{symbol}/trades'].get.summary").isEqualTo("Recent trades");
            String ui = client.get().uri("/api/docs").exchange().expectStatus().is3xxRedirection()
                    .returnResult(Void.class).getResponseHeaders().getLocation().toString();
            assertThat(ui).as("Swagger UI under /api, where the gateway routes it").startsWith("/api/");
            client.get().uri(ui).exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
        }

        /** Every operation documents its error answers as problem+json; the document passes Redocly's recommended lint. */
        @Test
        void theOpenApiDocumentListsEveryErrorAnswerAndPassesTheLinter() throws Exception {
            byte[] document = client.get().uri("/api/docs/openapi").exchange().expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody();
            tools.jackson.databind.JsonNode api = tools.jackson.databind.json.JsonMapper.builder().build().readTree(document);
            java.util.List<String> missing = new java.util.ArrayList<>();
            api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
                java.util.Set<String> expected = new java.util.TreeSet<>(java.util.List.of("429", "500", "503"));
                if (path.getKey().contains("{symbol}")) {
                    expected.add("404");
                }
                if (!op.getValue().path("parameters").isEmpty()) {
                    expected.add("400");
                }
                for (String status : expected) {
                    if (!op.getValue().path("responses").path(status).path("content").has("application/problem+json")) {
                        missing.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + status);
                    }
                }
            }));
            assertThat(missing).as("error answers missing from the OpenAPI document").isEmpty();
            assertThat(api.at("/paths/~1api~1v1~1quotes~1{symbol}/get/responses/404/content/application~1problem+json/schema/$ref").asString())
                    .isEqualTo("#/components/schemas/Problem");

            java.nio.file.Path file = java.nio.file.Path.of("target/openapi/openapi.json");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, document);
            io.tickstream.testkit.ExternalTool.Result lint = io.tickstream.testkit.ExternalTool.REDOCLY
                    .run(java.nio.file.Path.of("").toAbsolutePath(), "lint", "--config", "redocly.yaml", "--format", "stylish", file.toString());
            System.out.println(lint.stdout() + lint.stderr());
            assertThat(lint.exitCode()).as("redocly lint (errors above)").isZero();
        }

        @Test
        void healthIsUpWithRedis() {
            service.actuator().get().uri("/actuator/health").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.components.cache.status").isEqualTo("UP");
        }
    }

    @Nested
    class SingleFlight {

        @Test
        void concurrentColdRequestsOfOneKeyRunOneComputation() throws Exception {
            String uri = "/api/v1/quotes/BTC/candles?interval=5m&from=2026-11-01T08:00:00Z&to=2026-11-01T12:00:00Z&limit=7";
            long computationsBefore = stat("computations");
            long joinsBefore = stat("singleFlightJoins");
            int requests = 40;
            java.util.List<String> bodies;
            // hold the table so the first computation cannot finish before every request has arrived
            try (var lock = java.sql.DriverManager.getConnection(io.tickstream.testkit.TestPostgres.settings().jdbcUrl(),
                    io.tickstream.testkit.TestPostgres.settings().user(), io.tickstream.testkit.TestPostgres.settings().password())) {
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE " + settings.schema + ".candle_series IN ACCESS EXCLUSIVE MODE");
                var answers = reactor.core.publisher.Flux.range(0, requests)
                        .flatMap(i -> service.http()
                                .get().uri(uri).responseSingle((response, body) -> body.asString()
                                        .map(text -> response.status().code() + " " + text)), requests)
                        .collectList().toFuture();
                await().atMost(Duration.ofSeconds(10)).until(() -> stat("singleFlightJoins") - joinsBefore >= requests - 1);
                lock.commit();
                bodies = answers.get(20, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(bodies).hasSize(requests).allSatisfy(b -> assertThat(b).startsWith("200 ").contains("\"candles\""));
            assertThat(java.util.Set.copyOf(bodies)).hasSize(1);
            assertThat(stat("computations") - computationsBefore).isEqualTo(1);
        }

        long stat(String name) {
            Object value = client.get().uri("/admin/cache/stats").exchange().expectBody(java.util.Map.class)
                    .returnResult().getResponseBody().get(name);
            return ((Number) value).longValue();
        }
    }

    static long epoch(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    void expectBadRequest(String uri, String reason) {
        client.get().uri(uri).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains(reason))
                .jsonPath("$.trace").doesNotExist();
    }
}
