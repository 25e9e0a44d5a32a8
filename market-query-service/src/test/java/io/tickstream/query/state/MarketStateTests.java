package io.tickstream.query.state;

import io.tickstream.query.QueryFixtures;
import io.tickstream.streams.StreamIds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarketStateTests {

    final MarketState state = new MarketState();

    @Test
    void aNewerQuoteReplacesTheSameSourcesAndListenersHearOfIt() {
        List<String> changed = new ArrayList<>();
        state.onQuoteChange(changed::add);
        assertThat(state.apply(QueryFixtures.quote("binance", "BTC", "100", 1_000))).isTrue();
        assertThat(state.apply(QueryFixtures.quote("kraken", "BTC", "101", 1_000))).isTrue();
        assertThat(state.apply(QueryFixtures.quote("binance", "BTC", "102", 2_000))).isTrue();
        assertThat(state.quotes("BTC").orElseThrow()).hasSize(2);
        assertThat(state.quotes("BTC").orElseThrow().get("binance").price()).isEqualByComparingTo("102");
        assertThat(changed).containsExactly("BTC", "BTC", "BTC");
    }

    @Test
    void replayedAndOlderEventsChangeNothing() {
        state.apply(QueryFixtures.quote("binance", "BTC", "102", 2_000));
        long version = state.quoteVersion();
        assertThat(state.apply(QueryFixtures.quote("binance", "BTC", "102", 2_000))).isFalse();
        assertThat(state.apply(QueryFixtures.quote("binance", "BTC", "99", 1_000))).isFalse();
        assertThat(state.quotes("BTC").orElseThrow().get("binance").price()).isEqualByComparingTo("102");
        assertThat(state.quoteVersion()).isEqualTo(version);
    }

    @Test
    void anEqualSourceTimeIsNoChangeEvenWithAnotherPrice() {
        state.apply(QueryFixtures.quote("binance", "BTC", "102", 2_000));
        List<String> changed = new ArrayList<>();
        state.onQuoteChange(changed::add);
        assertThat(state.apply(QueryFixtures.quote("binance", "BTC", "103", 2_000))).isFalse();
        assertThat(state.quotes("BTC").orElseThrow().get("binance").price()).isEqualByComparingTo("102");
        assertThat(changed).isEmpty();
    }

    @Test
    void theConsensusIsASeriesOfItsOwn() {
        state.apply(QueryFixtures.quote("binance", "BTC", "102", 2_000));
        assertThat(state.apply(QueryFixtures.consensus("BTC", "101", "100", "102", 2, 1_000))).isTrue();
        assertThat(state.quotes("BTC").orElseThrow()).containsOnlyKeys("binance", "consensus");
        assertThat(state.quotes("NOPE")).isEmpty();
    }

    @Test
    void summariesCountVersions() {
        long before = state.summaryVersion();
        state.apply(QueryFixtures.summary("1", "50", 10, 1_000));
        state.apply(QueryFixtures.summary("1", "50", 10, 500));
        assertThat(state.summaryVersion()).isEqualTo(before + 1);
        assertThat(state.summaries()).hasSize(1);
    }

    @Test
    void streamIdsCompareByTimeThenSequence() {
        assertThat(StreamIds.compare("5-1", "5-0")).isPositive();
        assertThat(StreamIds.compare("10-0", "9-99")).isPositive();
        assertThat(StreamIds.minus("10000-5", 3_000)).isEqualTo("7000-0");
        assertThat(StreamIds.minus("1000-0", 3_000)).isEqualTo("0-0");
    }
}
