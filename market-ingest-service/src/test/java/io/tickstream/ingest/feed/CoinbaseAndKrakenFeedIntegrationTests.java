package io.tickstream.ingest.feed;

import io.tickstream.common.event.Quote;
import io.tickstream.common.event.Trade;
import io.tickstream.ingest.feed.coinbase.CoinbaseFeedProtocol;
import io.tickstream.ingest.feed.kraken.KrakenFeedProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Coinbase and Kraken against local fakes of their documented feeds: the subscription is sent at once (Coinbase
 * closes a connection that has not subscribed within 5 s), data becomes entries, Kraken's heartbeats keep a
 * quiet connection alive, and Kraken's trade snapshot after a reconnect fills the gap without repeats.
 */
class CoinbaseAndKrakenFeedIntegrationTests {

    private final FakeExchange exchange = new FakeExchange();
    private final FeedHarness harness = new FeedHarness();

    @AfterEach
    void tearDown() {
        harness.close();
        exchange.close();
    }

    @Test
    void coinbaseSubscribesAtOnceAndItsTickerAndMatchesBecomeEntries() {
        harness.start("a", new CoinbaseFeedProtocol(), exchange.url(), List.of("BTC"), "USD",
                FeedHarness.settings(Duration.ofSeconds(30), Duration.ZERO), FeedHarness.feeds());
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1);
        long openedAt = System.currentTimeMillis();
        FakeExchange.Connection connection = exchange.latest();
        await().atMost(Duration.ofSeconds(5)).until(() -> !connection.received.isEmpty());
        System.out.printf("[feed] coinbase subscribed %d ms after the connection opened%n", System.currentTimeMillis() - openedAt);
        assertThat(connection.received.getFirst()).contains("\"product_ids\":[\"BTC-USD\"]").contains("\"matches\"");

        String now = Instant.now().toString();
        connection.send("{\"type\":\"subscriptions\",\"channels\":[{\"name\":\"ticker\",\"product_ids\":[\"BTC-USD\"]}]}");
        connection.send("""
                {"type":"ticker","sequence":1,"product_id":"BTC-USD","price":"67000.01","open_24h":"66000","volume_24h":"10",\
                "low_24h":"65000","high_24h":"68000","best_bid":"67000.00","best_ask":"67000.02","time":"%s","trade_id":5}""".formatted(now));
        connection.send("""
                {"type":"last_match","trade_id":5,"sequence":1,"time":"%s","product_id":"BTC-USD","size":"0.5","price":"67000.01","side":"buy"}""".formatted(now));
        connection.send("""
                {"type":"match","trade_id":6,"sequence":2,"time":"%s","product_id":"BTC-USD","size":"0.1","price":"67000.02","side":"sell"}""".formatted(now));
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.trades("BTC").size() == 2);
        assertThat(harness.trades("BTC")).extracting(Trade::tradeId).containsExactly("5", "6");
        await().atMost(Duration.ofSeconds(10)).until(() -> !harness.quotes("BTC", "coinbase").isEmpty());
        Quote quote = harness.quotes("BTC", "coinbase").getFirst();
        assertThat(quote.bid()).isEqualByComparingTo("67000");
        assertThat(quote.volume24h()).isEqualByComparingTo("670000.1");
    }

    @Test
    void krakenHeartbeatsKeepAQuietConnectionAndItsSnapshotFillsAReconnectsGapExactlyOnce() {
        harness.start("a", new KrakenFeedProtocol(), exchange.url(), List.of("BTC"), "USD",
                FeedHarness.settings(Duration.ofMillis(900), Duration.ZERO), FeedHarness.feeds());
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1);
        FakeExchange.Connection first = exchange.latest();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.received.size() == 2);
        assertThat(first.received).allSatisfy(s -> assertThat(s).contains("\"symbol\":[\"BTC/USD\"]"));
        first.send(trades(1, 2, 3));
        for (int i = 0; i < 8; i++) {
            first.send("{\"channel\":\"heartbeat\"}");
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
        }
        assertThat(exchange.connections()).as("heartbeats every 300 ms keep a 900 ms watchdog quiet").hasSize(1);

        // the connection drops; trades 4 and 5 happen meanwhile; the new connection's snapshot carries 2..5
        first.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1 && exchange.connections().size() == 2);
        exchange.latest().send(trades(2, 3, 4, 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.trades("BTC").size() >= 5);
        assertThat(harness.trades("BTC")).extracting(Trade::tradeId).containsExactly("1", "2", "3", "4", "5");
        assertThat(harness.trades("BTC").getFirst().price()).isEqualTo(new BigDecimal("67012.123456789012345"));
        assertThat(harness.counter("tickstream.ingest.feed.trade.repeats", "kraken")).isEqualTo(2);
    }

    private static String trades(long... ids) {
        StringBuilder data = new StringBuilder();
        for (long id : ids) {
            if (!data.isEmpty()) {
                data.append(',');
            }
            data.append("""
                    {"symbol":"BTC/USD","side":"buy","price":67012.123456789012345,"qty":0.5,"ord_type":"market","trade_id":%d,\
                    "timestamp":"%s"}""".formatted(id, Instant.now()));
        }
        return "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[" + data + "]}";
    }
}
