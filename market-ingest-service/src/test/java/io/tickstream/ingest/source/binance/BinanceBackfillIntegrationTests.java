package io.tickstream.ingest.source.binance;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstream.common.event.Bar;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.stream.Partitions;
import io.tickstream.ingest.IngestProperties;
import io.tickstream.ingest.RedisTemplates;
import io.tickstream.ingest.StreamReader;
import io.tickstream.ingest.fake.FakeMarketApis;
import io.tickstream.ingest.fake.Fault;
import io.tickstream.ingest.fake.RecordedRequest;
import io.tickstream.ingest.history.BackfillProgress;
import io.tickstream.ingest.history.BackfillProperties;
import io.tickstream.ingest.history.Backfiller;
import io.tickstream.ingest.lease.LeaseKeeper;
import io.tickstream.ingest.lease.LeaseProperties;
import io.tickstream.ingest.publish.PublishProperties;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.source.SourceFixtures;
import io.tickstream.ingest.source.SourceProperties;
import io.tickstream.ingest.source.SourcesProperties;
import io.tickstream.testkit.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backfill against the fake Binance klines API, on the real Redis: paging oldest first, a 429 in the middle
 * (waited out, the same page asked again), a restart in the middle (resumed from the stored progress), and no bar
 * appended twice; with a recent part shorter than the depth, every symbol's last minutes before any older page, the
 * older part newest page first, and a restart in the older part.
 */
class BinanceBackfillIntegrationTests {

    private static final Duration DEPTH = Duration.ofMinutes(2_500);   // 3 pages of 1,000 minutes per symbol

    private final FakeMarketApis fake = FakeMarketApis.start();
    private final RedisTemplates redis = new RedisTemplates();
    private final String prefix = TestKeys.unique("backfill");
    private final PublishProperties streams = new PublishProperties(100_000, 1_000_000, "backup", 200, 8, prefix + ":md",
            prefix + ":d", prefix + ":h", prefix + ":c", 0, Duration.ofMillis(100), prefix + ":tr", prefix + ":bars");
    private final BackfillProperties properties = new BackfillProperties(true, false, DEPTH, prefix + ":progress:",
            Duration.ofDays(3));
    private final Clock clock = Clock.systemUTC();
    /**
     * The backfiller's own clock, stopped half way through a minute a few minutes ago: where the backfill ends does
     * not move when a real minute boundary passes during a test (a restart a minute later would reach one bar further).
     */
    private final Clock backfillClock = Clock.fixed(Instant.ofEpochMilli(
            System.currentTimeMillis() / 60_000 * 60_000 - 3 * 60_000 + 30_000), ZoneOffset.UTC);
    private final List<Backfiller> backfillers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        backfillers.forEach(Backfiller::stop);
        List<String> keys = new ArrayList<>();
        for (String partition : Partitions.defaults().keys(streams.barsStream())) {
            keys.add(partition);
            keys.add(PublishProperties.lastSeenKey(partition));
        }
        keys.add(properties.keyPrefix() + "binance");
        redis.template().delete(keys.toArray(String[]::new)).block();
        redis.close();
        fake.close();
    }

    private Backfiller backfiller() {
        return backfiller(properties);
    }

    private Backfiller backfiller(BackfillProperties properties) {
        SourceProperties binance = SourceFixtures.withQuote(SourceFixtures.properties(fake.baseUrl("binance")), "USDT");
        SourcesProperties sources = new SourcesProperties(binance, binance, binance, binance, binance, binance);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestProperties ingest = new IngestProperties(List.of("BTC", "ETH"), "a");
        Backfiller backfiller = new Backfiller(List.of(new BinanceHistory(sources, SourceFixtures.httpClients(clock))), properties,
                ingest, new LeaseKeeper(redis.template(), new LeaseProperties(Duration.ofSeconds(6), Duration.ofSeconds(2),
                prefix + ":lease:"), ingest, List.of(), clock, meters),
                new StreamPublisher(redis.connections(), streams, Partitions.defaults(), meters), redis.template(), backfillClock, meters);
        backfillers.add(backfiller);
        return backfiller;
    }

    private List<Bar> bars(String symbol) {
        List<Bar> bars = new ArrayList<>();
        for (MarketEvent e : new StreamReader(redis.template()).events(Partitions.defaults().keyFor(streams.barsStream(), symbol))) {
            if (e instanceof Bar b && b.symbol().equals(symbol)) {
                bars.add(b);
            }
        }
        return bars;
    }

    private List<RecordedRequest> klineCalls() {
        return fake.requests("binance").stream().filter(r -> r.apiPath().equals("/api/v3/klines")).toList();
    }

    @Test
    void pagesOldestFirstThroughA429InTheMiddleAndAppendsEveryMinuteOnce() {
        // ETH's first page answers 429 with Retry-After: 1 once; BTC's three pages are through by then
        fake.failNext("/binance/api/v3/klines?symbol=ETHUSDT", Fault.status(429).header("Retry-After", "1"));
        Backfiller backfiller = backfiller();
        assertThat(backfiller.start("binance", DEPTH)).isTrue();
        assertThat(backfiller.start("binance", DEPTH)).as("one run per source at a time").isFalse();

        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(state(backfiller, "ETH")));
        assertThat(state(backfiller, "BTC")).isEqualTo("done");
        for (String symbol : List.of("BTC", "ETH")) {
            List<Bar> bars = bars(symbol);
            assertThat(bars).as(symbol).hasSize((int) DEPTH.toMinutes());
            assertThat(bars).extracting(Bar::openTime).doesNotHaveDuplicates().isSorted();
            assertThat(bars.getLast().openTime()).as("the last closed minute before the backfill began")
                    .isEqualTo(backfillClock.millis() / 60_000 * 60_000 - 60_000);
            Bar first = bars.getFirst();
            BigDecimal open = BigDecimal.valueOf(100 + (first.openTime() / 60_000) % 50);
            assertThat(first.open()).isEqualByComparingTo(open);
            assertThat(first.close()).isEqualByComparingTo(open.add(new BigDecimal("0.5")));
            assertThat(first.quoteVolume()).isEqualByComparingTo(open.multiply(new BigDecimal("2.5")));
            assertThat(first.meta().id()).isEqualTo("bar:binance:" + symbol + ":USDT:60:" + first.openTime());
        }
        // 3 pages per symbol, plus ETH's first page asked again after the 429
        assertThat(klineCalls()).hasSize(7);
        assertThat(klineCalls().get(3).queryParam("symbol")).isEqualTo("ETHUSDT");
        assertThat(klineCalls().get(4).queryParam("startTime")).isEqualTo(klineCalls().get(3).queryParam("startTime"));
        assertThat(backfiller.progress().get("binance").get("BTC").remainingMinutes()).isZero();
    }

    @Test
    void aRestartInTheMiddleResumesFromTheStoredProgressWithoutDuplicates() {
        // BTC's second page fails five times: the first run gives BTC up after its first page
        long firstPageEnd = backfillClock.millis() / 60_000 * 60_000 - DEPTH.toMillis() + 1_000 * 60_000L;
        fake.failNext("/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=" + firstPageEnd, 5, Fault.status(500));
        Backfiller first = backfiller();
        first.start("binance", DEPTH);
        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(state(first, "ETH")));
        assertThat(state(first, "BTC")).isEqualTo("failed");
        assertThat(bars("BTC")).hasSize(1_000);
        first.stop();

        // a new instance (a restart) picks BTC up at its second page; ETH is complete and asks nothing
        fake.clearRequests();
        Backfiller second = backfiller();
        second.start("binance", DEPTH);
        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(state(second, "ETH")) && "done".equals(state(second, "BTC")));
        assertThat(klineCalls()).extracting(r -> r.queryParam("symbol")).containsOnly("BTCUSDT");
        assertThat(Long.parseLong(klineCalls().getFirst().queryParam("startTime"))).isEqualTo(firstPageEnd);
        assertThat(bars("BTC")).hasSize((int) DEPTH.toMinutes()).extracting(Bar::openTime).doesNotHaveDuplicates().isSorted();
        assertThat(bars("ETH")).hasSize((int) DEPTH.toMinutes());
    }

    @Test
    void theRecentPartOfEverySymbolComesBeforeAnyOlderPageAndARestartInTheOlderPartResumesWithoutDuplicates() {
        // recent part: the last 1,000 minutes (one page) of BTC, then of ETH; older part: 1,500 minutes per symbol,
        // newest page first: [to - 2000, to - 1000), then [to - 2500, to - 2000)
        BackfillProperties recentFirst = new BackfillProperties(true, false, DEPTH, prefix + ":progress:", Duration.ofMinutes(1_000));
        long to = backfillClock.millis() / 60_000 * 60_000;
        long earliest = to - DEPTH.toMillis();
        // BTC's last older page fails five times: the first run leaves BTC's older part half done
        fake.failNext("/binance/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=" + earliest, 5, Fault.status(500));
        Backfiller first = backfiller(recentFirst);
        first.start("binance", DEPTH);
        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(state(first, "ETH")));
        assertThat(state(first, "BTC")).isEqualTo("failed");
        List<String> order = klineCalls().stream().map(r -> r.queryParam("symbol") + "@" + (to - Long.parseLong(r.queryParam("startTime"))) / 60_000).distinct().toList();
        assertThat(order).as("symbol@minutes before the end, in the order asked")
                .containsExactly("BTCUSDT@1000", "ETHUSDT@1000", "BTCUSDT@2000", "BTCUSDT@2500", "ETHUSDT@2000", "ETHUSDT@2500");
        List<Bar> eth = bars("ETH");
        assertThat(eth).hasSize(2_500).extracting(Bar::openTime).doesNotHaveDuplicates();
        assertThat(eth.subList(0, 1_000)).as("the recent part first, in order").extracting(Bar::openTime).isSorted()
                .first().isEqualTo(to - 1_000 * 60_000L);
        assertThat(eth.stream().mapToLong(Bar::openTime).min().orElseThrow()).isEqualTo(earliest);
        assertThat(bars("BTC")).hasSize(2_000);
        BackfillProgress btc = first.progress().get("binance").get("BTC");
        assertThat(btc.recentFrom()).isEqualTo(to - 1_000 * 60_000L);
        assertThat(btc.olderFrom()).isEqualTo(to - 2_000 * 60_000L);
        assertThat(btc.remainingMinutes()).isEqualTo(500);
        first.stop();

        // a restart asks only for BTC's missing older page
        fake.clearRequests();
        Backfiller second = backfiller(recentFirst);
        second.start("binance", DEPTH);
        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(state(second, "ETH")) && "done".equals(state(second, "BTC")));
        assertThat(klineCalls()).extracting(r -> r.queryParam("symbol") + "@" + r.queryParam("startTime"))
                .containsExactly("BTCUSDT@" + earliest);
        List<Bar> btcBars = bars("BTC");
        assertThat(btcBars).hasSize(2_500).extracting(Bar::openTime).doesNotHaveDuplicates();
        assertThat(btcBars.stream().mapToLong(Bar::openTime).min().orElseThrow()).isEqualTo(earliest);
        assertThat(btcBars.stream().mapToLong(Bar::openTime).max().orElseThrow()).isEqualTo(to - 60_000);
        assertThat(second.progress().get("binance").get("BTC").remainingMinutes()).isZero();
    }

    private static String state(Backfiller backfiller, String symbol) {
        var bySource = backfiller.progress().get("binance");
        BackfillProgress progress = bySource == null ? null : bySource.get(symbol);
        return progress == null ? "" : progress.state();
    }
}
