package io.tickstream.query.candles;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A page of candles as Jackson writes it, and how the cache tells an empty one. */
class CandlePageTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anEmptyPageIsToldFromOneWithCandlesWhateverTheSeriesIsNamed() {
        byte[] empty = json.writeValueAsBytes(new CandleService.CandlePage("BTC", "1m", null, null,
                "2026-10-05T00:00:00Z", "2026-10-05T02:00:00Z", "[]", null));
        byte[] full = json.writeValueAsBytes(new CandleService.CandlePage("BTC", "1m", "binance", "USDT",
                "2026-10-05T00:00:00Z", "2026-10-05T02:00:00Z",
                "[{\"time\":\"2026-10-05T00:00:00Z\",\"open\":\"1\",\"high\":\"1\",\"low\":\"1\",\"close\":\"1\",\"volume\":null,"
                        + "\"quoteVolume\":null,\"ticks\":1,\"trades\":null,\"origin\":\"backfill\"}]", "/api/v1/next"));
        assertThat(new String(empty)).contains("\"candles\":[]");
        assertThat(CandleService.isEmptyPage(empty)).isTrue();
        assertThat(CandleService.isEmptyPage(full)).isFalse();
        assertThat(CandleService.isEmptyPage(new byte[0])).isFalse();
    }
}
