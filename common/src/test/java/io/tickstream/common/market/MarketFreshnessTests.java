package io.tickstream.common.market;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.tickstream.common.market.MarketFixtures.consensus;
import static io.tickstream.common.market.MarketFixtures.fearGreed;
import static io.tickstream.common.market.MarketFixtures.quote;
import static io.tickstream.common.market.MarketFixtures.totals;
import static org.assertj.core.api.Assertions.assertThat;

class MarketFreshnessTests {

    private static final MarketFreshness BOUNDS = new MarketFreshness(Duration.ofSeconds(60), Duration.ofMinutes(10));

    @Test
    void aSymbolIsAsFreshAsItsNewestQuoteFromAnySource() {
        MarketProjection projection = new MarketProjection();
        projection.apply(quote("kraken", "BTC", "100", 1_000));
        projection.apply(consensus("BTC", "101", 50_000));
        projection.apply(quote("binance", "ETH", "10", 2_000));

        MarketFreshness.Report report = BOUNDS.assess(projection, 70_000);

        assertThat(report.symbolAgesMs()).containsExactly(Map.entry("BTC", 20_000L), Map.entry("ETH", 68_000L));
        assertThat(report.staleSymbols()).containsExactly("ETH");
        assertThat(report.stale()).isTrue();
        assertThat(report.details()).containsEntry("stale", List.of("ETH")).containsEntry("quoteMaxAgeMs", 60_000L);
    }

    @Test
    void theSummaryIsAsFreshAsTheNewestOfAnySource() {
        MarketProjection projection = new MarketProjection();
        projection.apply(fearGreed(40, "Fear", 0));
        projection.apply(totals("3000000000000", "55.1", 500_000));

        assertThat(BOUNDS.assess(projection, 1_000_000).summaryStale()).isFalse();
        MarketFreshness.Report late = BOUNDS.assess(projection, 1_200_000);
        assertThat(late.summaryAgeMs()).isEqualTo(700_000L);
        assertThat(late.summaryStale()).isTrue();
        assertThat(late.details()).containsEntry("stale", List.of("summary"));
    }

    @Test
    void nothingHeldIsEmptyNotStaleAndFreshDataIsNeither() {
        MarketProjection projection = new MarketProjection();
        assertThat(BOUNDS.assess(projection, 5_000)).satisfies(r -> {
            assertThat(r.empty()).isTrue();
            assertThat(r.stale()).isFalse();
            assertThat(r.details()).doesNotContainKey("summaryAgeMs");
        });
        projection.apply(quote("binance", "BTC", "100", 4_000));
        assertThat(BOUNDS.assess(projection, 5_000)).satisfies(r -> {
            assertThat(r.empty()).isFalse();
            assertThat(r.stale()).isFalse();
            assertThat(r.details()).containsEntry("stale", List.of());
        });
    }
}
