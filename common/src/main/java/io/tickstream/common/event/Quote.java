package io.tickstream.common.event;

import io.tickstream.common.stream.StreamKeys;
import io.tickstream.common.symbol.Symbols;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A normalized quote of one symbol from one source at one source time, appended to
 * {@code crypto:market_data}.
 *
 * <p>Decimals are normalized ({@link Decimals#normalize}) so equal values compare equal.
 * Optional values are {@code null} when the source does not give them.
 *
 * @param meta           common fields; the idempotency key is {@link #idempotencyKey}
 * @param symbol         canonical base asset, e.g. {@code BTC} ({@link Symbols})
 * @param quote          quote currency, e.g. {@code USD}, {@code USDT}
 * @param price          last traded price where the source gives one, else its reference price; &gt; 0
 * @param change24hPct   change over 24 hours in percent (e.g. {@code -2.5}), optional
 * @param volume24h      24 hour traded volume expressed in the quote currency, optional
 * @param marketCap      market capitalisation in the quote currency, optional
 * @param high24h        24 hour high, optional
 * @param low24h         24 hour low, optional
 * @param stale          true when the source time was older than the ingest service's freshness bound
 * @param consensus      for {@code source=consensus} quotes: how the median was formed; else {@code null}
 * @param bid            best bid where the source gives it (a streaming ticker), optional
 * @param ask            best ask where the source gives it (a streaming ticker), optional
 */
public record Quote(
        EventMeta meta,
        String symbol,
        String quote,
        BigDecimal price,
        BigDecimal change24hPct,
        BigDecimal volume24h,
        BigDecimal marketCap,
        BigDecimal high24h,
        BigDecimal low24h,
        boolean stale,
        Consensus consensus,
        BigDecimal bid,
        BigDecimal ask) implements MarketEvent {

    /** The {@code source} of quotes computed across sources. */
    public static final String CONSENSUS_SOURCE = "consensus";

    public Quote {
        Objects.requireNonNull(meta, "meta");
        if (!Symbols.isCanonical(symbol)) {
            throw new IllegalArgumentException("symbol is not canonical: " + symbol);
        }
        if (!Symbols.isCanonical(quote)) {
            throw new IllegalArgumentException("quote currency is not canonical: " + quote);
        }
        Objects.requireNonNull(price, "price");
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("price must be > 0: " + price);
        }
        price = Decimals.normalize(price);
        change24hPct = Decimals.normalize(change24hPct);
        volume24h = Decimals.normalize(volume24h);
        marketCap = Decimals.normalize(marketCap);
        high24h = Decimals.normalize(high24h);
        low24h = Decimals.normalize(low24h);
        bid = Decimals.normalize(bid);
        ask = Decimals.normalize(ask);
    }

    /** A quote without best bid and ask (a polled source, a consensus). */
    public Quote(EventMeta meta, String symbol, String quote, BigDecimal price, BigDecimal change24hPct,
                 BigDecimal volume24h, BigDecimal marketCap, BigDecimal high24h, BigDecimal low24h, boolean stale,
                 Consensus consensus) {
        this(meta, symbol, quote, price, change24hPct, volume24h, marketCap, high24h, low24h, stale, consensus,
                null, null);
    }

    /**
     * The idempotency key of a quote: {@code quote:<source>:<symbol>:<quote>:<sourceTime>}. The quote
     * currency is part of it because one source may list {@code BTC/USDT} and {@code BTC/USDC}.
     */
    public static String idempotencyKey(String source, String symbol, String quote, long sourceTime) {
        return "quote:" + source + ":" + symbol + ":" + quote + ":" + sourceTime;
    }

    @Override
    public EventType type() {
        return EventType.QUOTE;
    }

    @Override
    public String stream() {
        return StreamKeys.MARKET_DATA;
    }

    /**
     * How a consensus quote was formed.
     *
     * @param sources how many fresh sources contributed (&gt;= 1)
     * @param low     the lowest contributing price
     * @param high    the highest contributing price; {@code high - low} is the spread across sources
     */
    public record Consensus(int sources, BigDecimal low, BigDecimal high) {
        public Consensus {
            if (sources < 1) {
                throw new IllegalArgumentException("sources must be >= 1");
            }
            low = Decimals.normalize(Objects.requireNonNull(low, "low"));
            high = Decimals.normalize(Objects.requireNonNull(high, "high"));
        }
    }
}
