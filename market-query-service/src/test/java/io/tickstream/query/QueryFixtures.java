package io.tickstream.query;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;

import java.math.BigDecimal;

/** Test events. */
public final class QueryFixtures {

    public static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private QueryFixtures() {
    }

    public static Quote quote(String source, String symbol, String price, long sourceTime) {
        return new Quote(EventMeta.of(Quote.idempotencyKey(source, symbol, "USD", sourceTime), source, sourceTime,
                sourceTime + 5, TRACEPARENT), symbol, "USD", new BigDecimal(price), new BigDecimal("1.5"),
                new BigDecimal("1000000"), "coingecko".equals(source) ? new BigDecimal("1300000000000") : null,
                null, null, false, null);
    }

    public static Quote quote(String source, String symbol, String price, String change, String marketCap, long sourceTime) {
        return new Quote(EventMeta.of(Quote.idempotencyKey(source, symbol, "USD", sourceTime), source, sourceTime,
                sourceTime + 5, TRACEPARENT), symbol, "USD", new BigDecimal(price), new BigDecimal(change),
                new BigDecimal("1000"), marketCap == null ? null : new BigDecimal(marketCap), null, null, false, null);
    }

    public static Quote consensus(String symbol, String price, String low, String high, int sources, long sourceTime) {
        return new Quote(EventMeta.of(Quote.idempotencyKey(Quote.CONSENSUS_SOURCE, symbol, "USD", sourceTime),
                Quote.CONSENSUS_SOURCE, sourceTime, sourceTime + 5, TRACEPARENT), symbol, "USD", new BigDecimal(price),
                null, null, null, null, null, false, new Quote.Consensus(sources, new BigDecimal(low), new BigDecimal(high)));
    }

    public static MarketSummary summary(String totalCap, String btcDominance, Integer fearGreed, long sourceTime) {
        return new MarketSummary(EventMeta.of(MarketSummary.idempotencyKey("coingecko", sourceTime), "coingecko",
                sourceTime, sourceTime + 5, TRACEPARENT), new BigDecimal(totalCap), new BigDecimal("90000000000"),
                new BigDecimal(btcDominance), new BigDecimal("17.1"), new BigDecimal("0.8"), 10000, fearGreed,
                fearGreed == null ? null : "Greed");
    }

    public static SourceHealthChanged health(String source, SourceState state, long sourceTime) {
        return new SourceHealthChanged(EventMeta.of(SourceHealthChanged.idempotencyKey(source, state, sourceTime),
                source, sourceTime, sourceTime + 5, TRACEPARENT), state, SourceState.UP, "test", null);
    }
}
