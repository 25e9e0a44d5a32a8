package io.tickstream.query.cache;

import java.time.Duration;

/**
 * The kinds of cached answers; each has its own time to live per tier ({@link CacheProperties#ttl()}).
 * Quotes and summaries change with every poll, so they live shortest; history lives longest.
 */
public enum CacheType {
    /** Pre-serialized latest quote of one symbol; replaced on every update, L1 only. */
    QUOTE(new CacheProperties.Ttl(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(30))),
    /** All latest quotes. */
    QUOTES(new CacheProperties.Ttl(Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(1))),
    /** The market summary with the top symbols. */
    DASHBOARD(new CacheProperties.Ttl(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(2))),
    /** Top gainers and losers. */
    MOVERS(new CacheProperties.Ttl(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5))),
    /**
     * The recent trades of one symbol from PostgreSQL: a second in L1, none in L2, so a burst of identical
     * requests makes one query while an answer is never more than a second behind the archive.
     */
    TRADES(new CacheProperties.Ttl(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1))),
    /** OHLC candles aggregated in PostgreSQL. */
    CANDLES(new CacheProperties.Ttl(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(1))),
    /** Indicators computed from candles. */
    INDICATORS(new CacheProperties.Ttl(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(1)));

    private final CacheProperties.Ttl defaults;

    CacheType(CacheProperties.Ttl defaults) {
        this.defaults = defaults;
    }

    /** The prefix of this type's keys, e.g. {@code candles}. */
    public String prefix() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    CacheProperties.Ttl defaults() {
        return defaults;
    }
}
