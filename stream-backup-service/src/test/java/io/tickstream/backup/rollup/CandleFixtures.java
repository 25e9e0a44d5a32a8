package io.tickstream.backup.rollup;

import io.tickstream.common.event.Bar;
import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.Trade;
import io.tickstream.common.event.TradeSide;

import java.math.BigDecimal;

/** Quotes, trades and bars at chosen times and prices, for the candle tests. */
final class CandleFixtures {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    /** The start of an hour three hours ago: the minutes of a test never straddle into the future. */
    static final long HOUR = (System.currentTimeMillis() / 3_600_000L - 3) * 3_600_000L;

    private CandleFixtures() {
    }

    /** The epoch ms {@code minute} minutes and {@code ms} milliseconds after {@link #HOUR}. */
    static long at(int minute, long ms) {
        return HOUR + minute * 60_000L + ms;
    }

    static Quote quote(String source, String symbol, String quote, long time, String price) {
        return new Quote(EventMeta.of(Quote.idempotencyKey(source, symbol, quote, time), source, time, time + 3, TRACEPARENT),
                symbol, quote, new BigDecimal(price), null, null, null, null, null, false, null);
    }

    static Quote quote(long time, String price) {
        return quote("binance", "BTC", "USDT", time, price);
    }

    static Trade trade(String source, String quote, long tradeId, long time, String price, String size) {
        String id = Long.toString(tradeId);
        return new Trade(EventMeta.of(Trade.idempotencyKey(source, "BTC", quote, id), source, time, time + 2, TRACEPARENT),
                "BTC", quote, new BigDecimal(price), new BigDecimal(size), tradeId % 2 == 0 ? TradeSide.BUY : TradeSide.SELL, id);
    }

    static Trade trade(long tradeId, long time, String price, String size) {
        return trade("binance", "USDT", tradeId, time, price, size);
    }

    static Bar bar(String source, int minute, String open, String high, String low, String close, String volume, long trades) {
        return bar(source, minute, 60, open, high, low, close, volume, trades);
    }

    static Bar bar(String source, int minute, int interval, String open, String high, String low, String close,
                   String volume, long trades) {
        long openTime = at(minute, 0);
        return new Bar(EventMeta.of(Bar.idempotencyKey(source, "BTC", "USDT", interval, openTime), source, openTime,
                openTime + 120_000, TRACEPARENT), "BTC", "USDT", interval, new BigDecimal(open), new BigDecimal(high),
                new BigDecimal(low), new BigDecimal(close), new BigDecimal(volume),
                new BigDecimal(volume).multiply(new BigDecimal(close)), trades);
    }
}
