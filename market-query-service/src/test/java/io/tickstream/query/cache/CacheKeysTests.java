package io.tickstream.query.cache;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeysTests {

    @Test
    void keysAreTypeIdentifierParamsInLowerCase() {
        assertThat(CacheKeys.quote("BTC").value()).isEqualTo("quote:btc");
        assertThat(CacheKeys.candles("BTC", "1H", 10, 20, 500).value()).isEqualTo("candles:btc:1h:10:20:500");
        assertThat(CacheKeys.dashboard(10).value()).isEqualTo("dashboard:summary:10");
        assertThat(CacheKeys.movers("24h", 5).type()).isEqualTo(CacheType.MOVERS);
    }

    @Test
    void theSameIndicatorsInAnyOrderMeetTheSameKey() {
        assertThat(CacheKeys.indicators("ETH", "1h", List.of("RSI14", "sma20", "rsi14"), 7))
                .isEqualTo(CacheKeys.indicators("eth", "1h", List.of("sma20", "rsi14"), 7));
    }
}
