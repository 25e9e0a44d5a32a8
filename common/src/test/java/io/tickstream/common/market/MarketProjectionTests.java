package io.tickstream.common.market;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.tickstream.common.market.MarketFixtures.consensus;
import static io.tickstream.common.market.MarketFixtures.fearGreed;
import static io.tickstream.common.market.MarketFixtures.health;
import static io.tickstream.common.market.MarketFixtures.quote;
import static io.tickstream.common.market.MarketFixtures.totals;
import static org.assertj.core.api.Assertions.assertThat;

class MarketProjectionTests {

    final MarketProjection projection = new MarketProjection();

    @Test
    void aNewerQuoteReplacesItsSeries() {
        assertThat(projection.apply(quote("binance", "BTC", "100", 1_000))).isTrue();
        assertThat(projection.apply(quote("kraken", "BTC", "101", 1_000))).isTrue();
        assertThat(projection.apply(quote("binance", "BTC", "102", 2_000))).isTrue();

        assertThat(projection.quotes("BTC")).containsOnlyKeys("binance", "kraken");
        assertThat(projection.quotes("BTC").get("binance").price()).isEqualByComparingTo("102");
        assertThat(projection.quotes("BTC").get("kraken").price()).isEqualByComparingTo("101");
        assertThat(projection.symbols()).containsExactly("BTC");
        assertThat(projection.knows("BTC")).isTrue();
        assertThat(projection.knows("ETH")).isFalse();
        assertThat(projection.quotes("ETH")).isEmpty();
    }

    @Test
    void anOlderOrEqualSourceTimeChangesNothing() {
        projection.apply(quote("binance", "BTC", "102", 2_000));

        assertThat(projection.apply(quote("binance", "BTC", "99", 1_999))).isFalse();
        assertThat(projection.apply(quote("binance", "BTC", "103", 2_000))).as("equal time, other price").isFalse();
        assertThat(projection.apply(quote("binance", "BTC", "102", 2_000))).as("the same entry again").isFalse();
        assertThat(projection.quotes("BTC").get("binance").price()).isEqualByComparingTo("102");
    }

    @Test
    void aReplayOfOldHistoryNeverMovesAPriceBack() {
        List<MarketEvent> history = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            history.add(quote("binance", "BTC", Integer.toString(100 + i), i * 1_000L));
            history.add(quote("kraken", "BTC", Integer.toString(200 + i), i * 1_000L + 1));
            history.add(consensus("BTC", Integer.toString(300 + i), i * 1_000L + 2));
        }
        history.forEach(projection::apply);

        List<MarketEvent> replay = new ArrayList<>(history.subList(0, 120));
        Collections.shuffle(replay, new Random(7));
        replay.forEach(event -> assertThat(projection.apply(event)).as("replayed %s", event.meta().id()).isFalse());
        history.forEach(event -> assertThat(projection.apply(event)).isFalse());

        assertThat(projection.quotes("BTC").get("binance").price()).isEqualByComparingTo("150");
        assertThat(projection.quotes("BTC").get("kraken").price()).isEqualByComparingTo("250");
        assertThat(projection.quotes("BTC").get(Quote.CONSENSUS_SOURCE).price()).isEqualByComparingTo("350");
    }

    @Test
    void outOfOrderEntriesEndAtTheNewestWhateverTheOrder() {
        List<MarketEvent> events = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            events.add(quote("binance", "ETH", Integer.toString(i), i));
        }
        Collections.shuffle(events, new Random(42));
        events.forEach(projection::apply);
        assertThat(projection.quotes("ETH").get("binance").price()).isEqualByComparingTo("200");
    }

    @Test
    void consensusIsASeriesOfItsOwn() {
        projection.apply(quote("binance", "BTC", "100", 5_000));
        assertThat(projection.apply(consensus("BTC", "99", 4_000))).as("older than binance, but its own series").isTrue();
        assertThat(projection.apply(consensus("BTC", "98", 3_000))).isFalse();
        assertThat(projection.quotes("BTC").get(Quote.CONSENSUS_SOURCE).price()).isEqualByComparingTo("99");
        assertThat(projection.quotes("BTC").get("binance").price()).isEqualByComparingTo("100");
    }

    @Test
    void eachQuoteCurrencyIsASeriesAndASourceShowsItsNewest() {
        projection.apply(quote("binance", "BTC", "USDT", "100", 2_000));
        assertThat(projection.apply(quote("binance", "BTC", "USDC", "99", 1_000))).as("a series of its own").isTrue();
        assertThat(projection.quotes("BTC").get("binance").quote()).isEqualTo("USDT");

        assertThat(projection.apply(quote("binance", "BTC", "USDC", "101", 3_000))).isTrue();
        assertThat(projection.quotes("BTC").get("binance").quote()).isEqualTo("USDC");
        assertThat(projection.apply(quote("binance", "BTC", "USDT", "98", 1_500))).isFalse();
        assertThat(projection.quotes("BTC").get("binance").price()).isEqualByComparingTo("101");
    }

    @Test
    void summariesAndHealthKeepTheNewestPerSource() {
        assertThat(projection.apply(totals("2400000000000", "54.2", 2_000))).isTrue();
        assertThat(projection.apply(totals("1", "1", 1_000))).isFalse();
        assertThat(projection.apply(totals("2", "2", 2_000))).isFalse();
        assertThat(projection.apply(fearGreed(71, "Greed", 500))).as("another source").isTrue();
        assertThat(projection.summaries()).containsOnlyKeys("coingecko", "feargreed");
        assertThat(projection.summaries().get("coingecko").totalMarketCapUsd()).isEqualByComparingTo("2400000000000");

        assertThat(projection.apply(health("kraken", SourceState.DOWN, SourceState.UP, null, 3_000))).isTrue();
        assertThat(projection.apply(health("kraken", SourceState.UP, SourceState.DOWN, null, 2_000))).isFalse();
        assertThat(projection.apply(health("kraken", SourceState.UP, SourceState.DOWN, null, 3_000))).isFalse();
        assertThat(projection.health().get("kraken").state()).isEqualTo(SourceState.DOWN);
    }

    @Test
    void clearForgetsEverything() {
        projection.apply(quote("binance", "BTC", "100", 5_000));
        projection.apply(totals("1", "1", 5_000));
        projection.apply(health("kraken", SourceState.DOWN, SourceState.UP, null, 5_000));
        projection.clear();
        assertThat(projection.symbols()).isEmpty();
        assertThat(projection.summaries()).isEmpty();
        assertThat(projection.health()).isEmpty();
        assertThat(projection.apply(quote("binance", "BTC", "90", 1_000))).as("older than before the clear").isTrue();
    }

    @Test
    void concurrentWritersEndAtTheNewestOfEverySeries() throws Exception {
        List<Quote> events = new ArrayList<>();
        String[] sources = {"binance", "kraken", "coinbase", Quote.CONSENSUS_SOURCE};
        for (int i = 1; i <= 2_000; i++) {
            for (String source : sources) {
                events.add(source.equals(Quote.CONSENSUS_SOURCE) ? consensus("BTC", Integer.toString(i), i) : quote(source, "BTC", Integer.toString(i), i));
            }
        }
        Collections.shuffle(events, new Random(1));
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int t = 0; t < threads; t++) {
                List<Quote> share = events.subList(t * events.size() / threads, (t + 1) * events.size() / threads);
                pool.submit(() -> {
                    start.await();
                    share.forEach(projection::apply);
                    return null;
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        for (String source : sources) {
            assertThat(projection.quotes("BTC").get(source).price()).as(source).isEqualByComparingTo("2000");
        }
    }
}
