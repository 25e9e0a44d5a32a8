package io.tickstream.common.market;

import io.tickstream.common.event.SourceState;
import org.junit.jupiter.api.Test;

import static io.tickstream.common.market.MarketFixtures.consensus;
import static io.tickstream.common.market.MarketFixtures.fearGreed;
import static io.tickstream.common.market.MarketFixtures.health;
import static io.tickstream.common.market.MarketFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

class LatestTests {

    @Test
    void onlyAStrictlyNewerSourceTimeReplaces() {
        assertThat(Latest.replaces(quote("binance", "BTC", "2", 2_000), null)).isTrue();
        assertThat(Latest.replaces(quote("binance", "BTC", "2", 2_001), quote("binance", "BTC", "1", 2_000))).isTrue();
        assertThat(Latest.replaces(quote("binance", "BTC", "2", 2_000), quote("binance", "BTC", "1", 2_000))).isFalse();
        assertThat(Latest.replaces(quote("binance", "BTC", "2", 1_999), quote("binance", "BTC", "1", 2_000))).isFalse();
    }

    @Test
    void aQuoteSeriesIsSourceSymbolAndCurrencyAndConsensusIsOneOfItsOwn() {
        assertThat(Latest.series(quote("binance", "BTC", "USDT", "1", 1))).isEqualTo("quote|binance|BTC|USDT");
        assertThat(Latest.series(quote("binance", "BTC", "USDC", "1", 1))).isNotEqualTo(Latest.series(quote("binance", "BTC", "USDT", "1", 1)));
        assertThat(Latest.series(quote("binance", "ETH", "1", 1))).isNotEqualTo(Latest.series(quote("binance", "BTC", "1", 1)));
        assertThat(Latest.series(consensus("BTC", "1", 1))).isEqualTo("quote|consensus|BTC|USD");
    }

    @Test
    void summariesAndHealthAreSeriesPerSource() {
        assertThat(Latest.series(fearGreed(50, "Neutral", 1))).isEqualTo("summary|feargreed");
        assertThat(Latest.series(health("kraken", SourceState.DOWN, SourceState.UP, null, 1))).isEqualTo("health|kraken");
        assertThat(Latest.series(health("kraken", SourceState.UP, SourceState.DOWN, null, 5)))
                .isEqualTo(Latest.series(health("kraken", SourceState.DOWN, SourceState.UP, null, 1)));
    }
}
