package io.tickstream.common.market;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Trade;
import io.tickstream.common.event.TradeSide;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TradeJsonTests {

    @Test
    void aTradeHasItsKeyDecimalsAsPlainStringsAndItsTimes() {
        Trade trade = new Trade(EventMeta.of(Trade.idempotencyKey("binance", "BTC", "USDT", "12345"), "binance",
                1_763_800_000_123L, 1_763_800_000_150L, "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01"),
                "BTC", "USDT", new BigDecimal("67012.50"), new BigDecimal("1E-7"), TradeSide.SELL, "12345");

        assertThat(TradeJson.trade(trade).toString()).isEqualTo("{\"id\":\"trade:binance:BTC:USDT:12345\","
                + "\"source\":\"binance\",\"symbol\":\"BTC\",\"quote\":\"USDT\",\"price\":\"67012.5\",\"size\":\"0.0000001\","
                + "\"side\":\"sell\",\"tradeId\":\"12345\",\"time\":1763800000123,\"ingestTime\":1763800000150}");
        assertThat(TradeJson.trades("BTC", List.of(TradeJson.trade(trade))).toString())
                .startsWith("{\"symbol\":\"BTC\",\"trades\":[{\"id\":\"trade:binance:BTC:USDT:12345\"");
    }
}
