package io.tickstream.query.candles;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A page of candles as Jackson writes it, and how the cache tells an empty one. */
class CandlePageTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void thePageWriterWritesWhatJacksonWritesByteForByte() {
        String candle = "{\"time\":\"2026-10-05T00:00:00Z\",\"open\":\"1.5\",\"high\":\"2\",\"low\":\"1\",\"close\":\"1.25\","
                + "\"volume\":null,\"quoteVolume\":\"3.1\",\"ticks\":1,\"trades\":null,\"origin\":\"backfill\"}";
        String many = "[" + String.join(",", java.util.Collections.nCopies(5_000, candle)) + "]";
        JsonMapper nonNull = JsonMapper.builder()
                .changeDefaultPropertyInclusion(i -> i.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
                .build();
        for (JsonMapper mapper : new JsonMapper[] {json, nonNull}) {
            for (CandleService.CandlePage page : new CandleService.CandlePage[] {
                    new CandleService.CandlePage("BTC", "1m", null, null, "2026-10-05T00:00:00Z", "2026-10-05T02:00:00Z", "[]", null),
                    new CandleService.CandlePage("BTC", "1h", "binance", "USDT", "2026-10-05T00:00:00Z", "2026-10-06T00:00:00Z",
                            "[" + candle + "]", "/api/v1/quotes/BTC/candles?interval=1h&cursor=abc\"\u00e9"),
                    new CandleService.CandlePage("ETH", "1d", "consensus", "USD", "2025-10-05T00:00:00Z", "2026-10-05T00:00:00Z", many, null)}) {
                assertThat(CandlePageWriter.write(mapper, page)).isEqualTo(mapper.writeValueAsBytes(page));
            }
        }
    }

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
