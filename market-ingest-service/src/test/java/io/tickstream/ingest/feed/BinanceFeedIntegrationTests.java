package io.tickstream.ingest.feed;

import io.tickstream.ingest.health.FeedModes;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.Trade;
import io.tickstream.common.event.TradeSide;
import io.tickstream.ingest.feed.binance.BinanceFeedProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Binance feed against a local fake that speaks Binance's documented combined-stream format, frames to
 * entries in the real Redis: tickers and trades, pings answered, malformed frames skipped, {@code serverShutdown}
 * and the 24 h limit (shortened) answered by a new connection before the old one closes, silence, refused
 * connections, and the lease that lets one instance stream.
 */
public class BinanceFeedIntegrationTests {

    private final FakeExchange exchange = new FakeExchange();
    private final FeedHarness harness = new FeedHarness();

    @AfterEach
    void tearDown() {
        harness.close();
        exchange.close();
    }

    public static String ticker(String pair, String last, String bid, String ask, long time) {
        return """
                {"stream":"%s@ticker","data":{"e":"24hrTicker","E":%d,"s":"%s","p":"10.0","P":"1.25","c":"%s","b":"%s","a":"%s",\
                "h":"68000.00","l":"66000.00","v":"1000.5","q":"67000000.25","O":0,"C":%d}}"""
                .formatted(pair.toLowerCase(), time, pair, last, bid, ask, time);
    }

    public static String trade(String pair, long id, String price, String size, boolean buyerIsMaker, long time) {
        return """
                {"stream":"%s@trade","data":{"e":"trade","E":%d,"s":"%s","t":%d,"p":"%s","q":"%s","T":%d,"m":%s,"M":true}}"""
                .formatted(pair.toLowerCase(), time, pair, id, price, size, time, buyerIsMaker);
    }

    private FeedHarness.Instance start(String instance, Duration silence, Duration maxLifetime) {
        return harness.start(instance, new BinanceFeedProtocol(), exchange.url(), List.of("BTC", "ETH"), "USDT",
                FeedHarness.settings(silence, maxLifetime), FeedHarness.feeds());
    }

    @Test
    void tickersAndTradesBecomeEntriesAndPingsGetPongs() {
        start("a", Duration.ofSeconds(30), Duration.ZERO);
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1);
        FakeExchange.Connection connection = exchange.latest();
        assertThat(connection.uri).isEqualTo("/stream?streams=btcusdt@ticker/btcusdt@trade/ethusdt@ticker/ethusdt@trade");

        long now = System.currentTimeMillis();
        connection.ping("are-you-there");
        connection.send(ticker("BTCUSDT", "67012.50", "67012.40", "67012.60", now));
        connection.send("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":\"not-a-number\"}}");
        connection.send("this is not json");
        connection.send(trade("BTCUSDT", 1001, "67012.50", "0.010", true, now));
        connection.send(trade("BTCUSDT", 1002, "67013.00", "0.250", false, now));

        await().atMost(Duration.ofSeconds(10)).until(() -> harness.trades("BTC").size() == 2);
        List<Trade> trades = harness.trades("BTC");
        assertThat(trades).extracting(Trade::tradeId, Trade::price, Trade::size, Trade::side).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1001", new BigDecimal("67012.5"), new BigDecimal("0.01"), TradeSide.SELL),
                org.assertj.core.groups.Tuple.tuple("1002", new BigDecimal("67013"), new BigDecimal("0.25"), TradeSide.BUY));
        assertThat(trades.getFirst().meta().id()).isEqualTo("trade:binance:BTC:USDT:1001");
        await().atMost(Duration.ofSeconds(10)).until(() -> !harness.quotes("BTC", "binance").isEmpty());
        Quote quote = harness.quotes("BTC", "binance").getFirst();
        assertThat(quote.price()).isEqualByComparingTo("67012.5");
        assertThat(quote.bid()).isEqualByComparingTo("67012.4");
        assertThat(quote.ask()).isEqualByComparingTo("67012.6");
        assertThat(quote.volume24h()).isEqualByComparingTo("67000000.25");
        await().atMost(Duration.ofSeconds(5)).until(() -> connection.pongs.contains("are-you-there"));
        assertThat(harness.counter("tickstream.ingest.feed.malformed", "binance")).isEqualTo(2);
        assertThat(connection.open).as("malformed frames are never fatal").isTrue();
        assertThat(harness.modes.mode("binance")).isEqualTo(FeedModes.STREAMING);
    }

    @Test
    void serverShutdownGetsANewConnectionBeforeTheOldCloses_andOverlappingTradesAreAppendedOnce() {
        start("a", Duration.ofSeconds(30), Duration.ZERO);
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1);
        long now = System.currentTimeMillis();
        exchange.broadcast(trade("BTCUSDT", 1, "100", "1", false, now));
        exchange.latest().send("{\"e\":\"serverShutdown\",\"E\":" + now + "}");

        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.connections().size() == 2);
        assertThat(exchange.connections().getFirst().open).as("the old connection serves until the new one delivers").isTrue();
        // the new connection starts with a trade the old one delivered already; then the venue sends every
        // trade on both connections while both are open
        exchange.latest().send(trade("BTCUSDT", 1, "100", "1", false, now));
        for (long id = 2; id <= 5; id++) {
            exchange.broadcast(trade("BTCUSDT", id, "100", "1", false, now));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !exchange.connections().getFirst().open);
        for (long id = 6; id <= 8; id++) {
            exchange.broadcast(trade("BTCUSDT", id, "100", "1", false, now));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.trades("BTC").size() >= 8);
        assertThat(harness.trades("BTC")).extracting(Trade::tradeId)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 8).mapToObj(Long::toString).toList());
        assertThat(harness.counter("tickstream.ingest.feed.trade.repeats", "binance")).isPositive();
        assertThat(harness.reconnects("binance", "server-shutdown")).isEqualTo(1);
    }

    @Test
    void theConnectionIsReplacedBeforeItsMaximumLifetimeWithoutAGap() {
        start("a", Duration.ofSeconds(30), Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1);
        long now = System.currentTimeMillis();
        long id = 0;
        long until = System.currentTimeMillis() + 5_500;
        while (System.currentTimeMillis() < until) {
            exchange.broadcast(trade("ETHUSDT", ++id, "3500", "1", true, now));
            await().pollDelay(Duration.ofMillis(20)).atMost(Duration.ofSeconds(1)).until(() -> true);
        }
        long sent = id;
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.trades("ETH").size() >= sent);
        assertThat(exchange.connections()).as("replaced twice in 5.5 s at a 2 s lifetime").hasSizeGreaterThanOrEqualTo(3);
        assertThat(harness.trades("ETH")).extracting(Trade::tradeId)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, sent).mapToObj(Long::toString).toList());
        assertThat(harness.reconnects("binance", "lifetime")).isGreaterThanOrEqualTo(2);
        assertThat(harness.modes.mode("binance")).isEqualTo(FeedModes.STREAMING);
    }

    @Test
    void aSilentConnectionIsReplacedAndARefusedOneRetriedWithBackoff() {
        start("a", Duration.ofMillis(800), Duration.ZERO);
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.connections().size() == 1);
        exchange.refuse(3);
        // nothing is sent: the watchdog replaces the connection; the next three attempts are refused
        await().atMost(Duration.ofSeconds(15)).until(() -> exchange.refused() == 3 && exchange.connections().size() >= 2);
        assertThat(harness.reconnects("binance", "silence")).isPositive();
        assertThat(harness.reconnects("binance", "error")).isGreaterThanOrEqualTo(3);
        exchange.latest().send(trade("BTCUSDT", 7, "100", "1", false, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.trades("BTC").size() == 1);
    }

    @Test
    void moreThan1024StreamsAreSplitOverConnections() {
        List<String> symbols = java.util.stream.IntStream.range(0, 600).mapToObj(i -> "S" + i + "X").toList();
        FeedHarness.Instance instance = harness.start("a", new BinanceFeedProtocol(), exchange.url(), symbols, "USDT",
                FeedHarness.settings(Duration.ofSeconds(30), Duration.ZERO), FeedHarness.feeds());
        assertThat(instance.runner().connectionCount()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 2);
        assertThat(exchange.connections()).allSatisfy(c ->
                assertThat(c.uri.substring(c.uri.indexOf('=') + 1).split("/")).hasSizeLessThanOrEqualTo(1024));
        assertThat(exchange.connections().stream().mapToInt(c -> c.uri.split("/").length - 1).sum())
                .as("every market's two streams, once").isEqualTo(1200);
    }

    @Test
    void aTradeIdGapIsCountedAndAsksForAResynchronizingPoll() {
        start("a", Duration.ofSeconds(30), Duration.ZERO);
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1);
        long now = System.currentTimeMillis();
        exchange.broadcast(trade("BTCUSDT", 10, "100", "1", false, now));
        exchange.broadcast(trade("BTCUSDT", 14, "100", "1", false, now));
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.trades("BTC").size() == 2);
        assertThat(harness.counter("tickstream.ingest.feed.gaps", "binance")).isEqualTo(1);
        assertThat(harness.counter("tickstream.ingest.feed.gap.trades", "binance")).isEqualTo(3);
        assertThat(harness.polls).containsExactly("binance");
    }

    @Test
    void aTradeIdGapIsFilledFromTheVenuesRecentTradesOverRest() {
        harness.filler = new io.tickstream.ingest.feed.binance.BinanceTradeGapFiller(
                io.tickstream.ingest.source.SourceFixtures.httpClients(java.time.Clock.systemUTC())
                        .create("binance", io.tickstream.ingest.source.SourceFixtures.properties(
                                exchange.url().toString().replace("ws:", "http:"))));
        long now = System.currentTimeMillis();
        // the venue's recent trades: 9 (seen), 10 to 13 (missed by the feed), 14 (the next on the feed)
        StringBuilder recent = new StringBuilder("[");
        for (long id = 9; id <= 14; id++) {
            recent.append(id == 9 ? "" : ",").append("""
                    {"id":%d,"price":"100.%d","qty":"1","quoteQty":"100","time":%d,"isBuyerMaker":%s,"isBestMatch":true}"""
                    .formatted(id, id, now, id % 2 == 0));
        }
        exchange.rest.put("/api/v3/trades", recent.append(']').toString());
        start("a", Duration.ofSeconds(30), Duration.ZERO);
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1);
        exchange.broadcast(trade("BTCUSDT", 9, "100", "1", false, now));
        exchange.broadcast(trade("BTCUSDT", 14, "100", "1", false, now));

        await().atMost(Duration.ofSeconds(10)).until(() -> harness.trades("BTC").size() == 6);
        assertThat(harness.trades("BTC")).extracting(Trade::tradeId)
                .containsExactlyInAnyOrder("9", "10", "11", "12", "13", "14");
        assertThat(exchange.restCalls).containsExactly("/api/v3/trades?symbol=BTCUSDT&limit=1000");
        assertThat(harness.counter("tickstream.ingest.feed.gap.filled", "binance")).isEqualTo(4);
        assertThat(harness.trades("BTC")).filteredOn(t -> t.tradeId().equals("11")).singleElement()
                .satisfies(t -> assertThat(t.price()).isEqualByComparingTo("100.11"));
        assertThat(harness.polls).as("filled over REST: no resynchronizing poll").isEmpty();
    }

    @Test
    void oneInstanceStreamsAVenueAndASurvivorTakesOverWithinTheLeaseTtl() {
        FeedHarness.Instance first = start("a", Duration.ofSeconds(30), Duration.ZERO);
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1);
        start("b", Duration.ofSeconds(30), Duration.ZERO);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(exchange.connections()).as("the second instance waits for the lease").hasSize(1);

        // the first instance shuts down and gives its lease back (a crash instead leaves it to run out after its
        // TTL, LeaseKeeperIntegrationTests); the survivor's next renewal round takes it
        first.runner().stop();
        long stoppedAt = System.currentTimeMillis();
        first.leases().stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> exchange.open().size() == 1 && exchange.connections().size() == 2);
        System.out.printf("[feed] takeover after %d ms%n", System.currentTimeMillis() - stoppedAt);
        exchange.latest().send(trade("BTCUSDT", 1, "100", "1", false, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.trades("BTC").size() == 1);
    }
}
