package io.tickstream.push;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;
import io.tickstream.common.event.Trade;
import io.tickstream.common.event.TradeSide;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicLong;

/** Events for push tests; times are now, and every call is a new source time. */
public final class PushFixtures {

    private static final AtomicLong SOURCE_TIME = new AtomicLong(System.currentTimeMillis());
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private PushFixtures() {
    }

    public static Quote quote(String symbol, String source, String price) {
        long sourceTime = SOURCE_TIME.incrementAndGet();
        long now = System.currentTimeMillis();
        Quote.Consensus consensus = source.equals(Quote.CONSENSUS_SOURCE)
                ? new Quote.Consensus(3, new BigDecimal(price).subtract(BigDecimal.ONE), new BigDecimal(price).add(BigDecimal.ONE)) : null;
        return new Quote(EventMeta.of(Quote.idempotencyKey(source, symbol, "USD", sourceTime), source, sourceTime, now, TRACEPARENT),
                symbol, "USD", new BigDecimal(price), new BigDecimal("-1.25"), new BigDecimal("123456789.5"), null,
                new BigDecimal(price).add(BigDecimal.TEN), new BigDecimal(price).subtract(BigDecimal.TEN), false, consensus);
    }

    /** Trade {@code tradeId} of {@code symbol}/USDT on binance, at a new source time, size 0.25, taker buying. */
    public static Trade trade(String symbol, long tradeId, String price) {
        long sourceTime = SOURCE_TIME.incrementAndGet();
        String id = Long.toString(tradeId);
        return new Trade(EventMeta.of(Trade.idempotencyKey("binance", symbol, "USDT", id), "binance", sourceTime,
                System.currentTimeMillis(), TRACEPARENT), symbol, "USDT", new BigDecimal(price), new BigDecimal("0.25"),
                TradeSide.BUY, id);
    }

    public static MarketSummary fearGreed(int value, String label) {
        long sourceTime = SOURCE_TIME.incrementAndGet();
        return new MarketSummary(EventMeta.of(MarketSummary.idempotencyKey("feargreed", sourceTime), "feargreed", sourceTime,
                System.currentTimeMillis(), TRACEPARENT), null, null, null, null, null, null, value, label);
    }

    public static MarketSummary totals(String marketCap, String btcDominance) {
        long sourceTime = SOURCE_TIME.incrementAndGet();
        return new MarketSummary(EventMeta.of(MarketSummary.idempotencyKey("coingecko", sourceTime), "coingecko", sourceTime,
                System.currentTimeMillis(), TRACEPARENT), new BigDecimal(marketCap), null, new BigDecimal(btcDominance),
                null, null, 12000, null, null);
    }

    public static SourceHealthChanged health(String source, SourceState state, SourceState previous, String reason) {
        long sourceTime = SOURCE_TIME.incrementAndGet();
        return new SourceHealthChanged(EventMeta.of(SourceHealthChanged.idempotencyKey(source, state, sourceTime), source,
                sourceTime, System.currentTimeMillis(), TRACEPARENT), state, previous, reason, null);
    }
}
