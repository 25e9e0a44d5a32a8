package io.tickstream.common.market;

import io.tickstream.common.event.EventMeta;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.SourceState;

import java.math.BigDecimal;

/** Events for the projection's tests, at the source times the tests name. */
final class MarketFixtures {

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private MarketFixtures() {
    }

    static Quote quote(String source, String symbol, String price, long sourceTime) {
        return quote(source, symbol, "USD", price, sourceTime);
    }

    static Quote quote(String source, String symbol, String currency, String price, long sourceTime) {
        return new Quote(meta(Quote.idempotencyKey(source, symbol, currency, sourceTime), source, sourceTime), symbol, currency,
                new BigDecimal(price), new BigDecimal("-1.25"), new BigDecimal("123456789.50"), null,
                new BigDecimal(price).add(BigDecimal.TEN), new BigDecimal(price).subtract(BigDecimal.ONE), false, null);
    }

    /** A quote with no optional value at all. */
    static Quote bare(String source, String symbol, String price, long sourceTime) {
        return new Quote(meta(Quote.idempotencyKey(source, symbol, "USDT", sourceTime), source, sourceTime), symbol, "USDT",
                new BigDecimal(price), null, null, null, null, null, true, null);
    }

    static Quote consensus(String symbol, String price, long sourceTime) {
        return new Quote(meta(Quote.idempotencyKey(Quote.CONSENSUS_SOURCE, symbol, "USD", sourceTime), Quote.CONSENSUS_SOURCE, sourceTime),
                symbol, "USD", new BigDecimal(price), new BigDecimal("2.5"), null, new BigDecimal("1.3E12"), null, null, false,
                new Quote.Consensus(3, new BigDecimal(price).subtract(BigDecimal.ONE), new BigDecimal(price).add(BigDecimal.ONE)));
    }

    static MarketSummary totals(String marketCap, String btcDominance, long sourceTime) {
        return new MarketSummary(meta(MarketSummary.idempotencyKey("coingecko", sourceTime), "coingecko", sourceTime),
                new BigDecimal(marketCap), null, new BigDecimal(btcDominance), null, null, 12000, null, null);
    }

    static MarketSummary fearGreed(int value, String label, long sourceTime) {
        return new MarketSummary(meta(MarketSummary.idempotencyKey("feargreed", sourceTime), "feargreed", sourceTime),
                null, null, null, null, null, null, value, label);
    }

    static SourceHealthChanged health(String source, SourceState state, SourceState previous, Long retryAfterMs, long sourceTime) {
        return new SourceHealthChanged(meta(SourceHealthChanged.idempotencyKey(source, state, sourceTime), source, sourceTime),
                state, previous, retryAfterMs == null ? "" : "HTTP 429", retryAfterMs);
    }

    private static EventMeta meta(String id, String source, long sourceTime) {
        return EventMeta.of(id, source, sourceTime, sourceTime + 7, TRACEPARENT);
    }
}
