package io.tickstream.ingest.source.kraken;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KrakenPairsTests {

    private final KrakenPairs pairs = new KrakenPairs(List.of("BTC", "ETH", "SOL", "DOGE", "XRP", "LINK"), "USD");

    @Test
    void requestsKrakensAssetCodes() {
        assertThat(pairs.pairOf("BTC")).isEqualTo("XBTUSD");
        assertThat(pairs.pairOf("DOGE")).isEqualTo("XDGUSD");
        assertThat(pairs.pairOf("SOL")).isEqualTo("SOLUSD");
    }

    @ParameterizedTest
    @CsvSource({"XXBTZUSD, BTC", "XBTUSD, BTC", "xxbtzusd, BTC", "XETHZUSD, ETH", "ETHUSD, ETH", "SOLUSD, SOL",
            "XDGUSD, DOGE", "XXDGZUSD, DOGE", "XXRPZUSD, XRP", "LINKUSD, LINK"})
    void mapsEveryKeySpellingBackToTheCanonicalSymbol(String key, String symbol) {
        assertThat(pairs.symbolOf(key)).hasValue(symbol);
    }

    @Test
    void pairsNotAskedForMapToNothing() {
        assertThat(pairs.symbolOf("XLTCZUSD")).isEmpty();
        assertThat(pairs.symbolOf("XXBTZEUR")).isEmpty();
    }
}
