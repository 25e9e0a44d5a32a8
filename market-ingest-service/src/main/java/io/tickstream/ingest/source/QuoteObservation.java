package io.tickstream.ingest.source;

import java.math.BigDecimal;

/**
 * A quote as an adapter read it, before validation. Optional values are {@code null} when the
 * source does not give them.
 *
 * @param symbol       canonical base asset, e.g. {@code BTC}
 * @param quote        quote currency, e.g. {@code USD}
 * @param price        last traded price where the source gives one
 * @param change24hPct change over 24 hours in percent
 * @param volume24h    24 hour volume in the quote currency
 * @param marketCap    market cap in the quote currency
 * @param high24h      24 hour high
 * @param low24h       24 hour low
 * @param sourceTime   the source's time of the data, epoch ms (the receive time when it gives none)
 */
public record QuoteObservation(String symbol, String quote, BigDecimal price, BigDecimal change24hPct,
        BigDecimal volume24h, BigDecimal marketCap, BigDecimal high24h, BigDecimal low24h, long sourceTime) {

    /** A quote with a price only. */
    public static QuoteObservation ofPrice(String symbol, String quote, BigDecimal price, long sourceTime) {
        return new QuoteObservation(symbol, quote, price, null, null, null, null, null, sourceTime);
    }
}
