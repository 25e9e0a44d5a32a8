package io.tickstream.backup;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;
import io.tickstream.common.event.Trade;
import io.tickstream.common.event.TradeSide;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.IntStream;

/** Events for tests: distinct idempotency keys, source times in the current month. */
public final class BackupFixtures {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    /** A base time one hour ago, so rows land in this month's partition (or the previous one). */
    public static final long BASE_TIME = (System.currentTimeMillis() - 3_600_000L) / 1000 * 1000;

    private BackupFixtures() {
    }

    /** Quote number {@code i}: source time {@code BASE_TIME + i} ms, price {@code 67000.<i>}. */
    public static Quote quote(int i) {
        return quote("binance", "BTC", i);
    }

    public static Quote quote(String source, String symbol, int i) {
        return quote(source, symbol, i, TRACEPARENT);
    }

    /** Quote number {@code i} of binance BTC with the trace context {@code traceparent}. */
    public static Quote quote(int i, String traceparent) {
        return quote("binance", "BTC", i, traceparent);
    }

    private static Quote quote(String source, String symbol, int i, String traceparent) {
        long t = BASE_TIME + i;
        return new Quote(EventMeta.of(Quote.idempotencyKey(source, symbol, "USDT", t), source, t, t + 7, traceparent),
                symbol, "USDT", new BigDecimal("67000." + i), new BigDecimal("-1.25"), new BigDecimal("123456789.5"),
                null, null, null, false, i % 2 == 0 ? new Quote.Consensus(3, new BigDecimal("66999.5"), new BigDecimal("67001")) : null);
    }

    public static List<Quote> quotes(int count) {
        return IntStream.range(0, count).mapToObj(BackupFixtures::quote).toList();
    }

    /**
     * Trade number {@code i} of binance BTC/USDT: trade id {@code 9000000 + i}, source time
     * {@code BASE_TIME + i / 4} ms (four trades share each millisecond), price {@code 67000.<i>}, size
     * {@code 0.00<i+1>}, sides alternating buy and sell.
     */
    public static Trade trade(int i) {
        return trade("binance", "BTC", i);
    }

    public static Trade trade(String source, String symbol, int i) {
        long t = BASE_TIME + i / 4;
        String tradeId = Long.toString(9_000_000L + i);
        return new Trade(EventMeta.of(Trade.idempotencyKey(source, symbol, "USDT", tradeId), source, t, t + 5, TRACEPARENT),
                symbol, "USDT", new BigDecimal("67000." + i), new BigDecimal("0.00" + (i + 1)),
                i % 2 == 0 ? TradeSide.BUY : TradeSide.SELL, tradeId);
    }

    public static List<Trade> trades(int count) {
        return IntStream.range(0, count).mapToObj(BackupFixtures::trade).toList();
    }

    public static MarketSummary summary(int i) {
        long t = BASE_TIME + i;
        return new MarketSummary(EventMeta.of(MarketSummary.idempotencyKey("coingecko", t), "coingecko", t, t + 3, TRACEPARENT),
                new BigDecimal("2400000000000.5"), new BigDecimal("98000000000"), new BigDecimal("56.7"), null, null,
                15000, 40 + i % 10, "Fear");
    }

    public static SourceHealthChanged health(int i) {
        long t = BASE_TIME + i;
        return new SourceHealthChanged(EventMeta.of(SourceHealthChanged.idempotencyKey("kraken", SourceState.DOWN, t),
                "kraken", t, t + 1, TRACEPARENT), SourceState.DOWN, SourceState.UP, "HTTP 503", 30_000L);
    }
}
