package io.tickstream.query.cache;

import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The one place cache keys are made: {@code type:identifier:params}, lower case, parameters in a
 * fixed order, sets sorted, so equal questions always meet the same entry. Times are epoch seconds.
 */
public final class CacheKeys {

    private CacheKeys() {
    }

    /** {@code quote:btc}. */
    public static CacheKey quote(String symbol) {
        return key(CacheType.QUOTE, symbol);
    }

    /** {@code quotes:all}. */
    public static CacheKey quotes() {
        return key(CacheType.QUOTES, "all");
    }

    /** {@code dashboard:summary:10}. */
    public static CacheKey dashboard(int top) {
        return key(CacheType.DASHBOARD, "summary", Integer.toString(top));
    }

    /** {@code movers:24h:10}. */
    public static CacheKey movers(String window, int limit) {
        return key(CacheType.MOVERS, window, Integer.toString(limit));
    }

    /** {@code trades:btc:50}. */
    public static CacheKey trades(String symbol, int limit) {
        return key(CacheType.TRADES, symbol, Integer.toString(limit));
    }

    /** {@code candles:btc:1m:<from>:<to>:<limit>}. */
    public static CacheKey candles(String symbol, String interval, long fromEpochSecond, long toEpochSecond, int limit) {
        return key(CacheType.CANDLES, symbol, interval, Long.toString(fromEpochSecond), Long.toString(toEpochSecond),
                Integer.toString(limit));
    }

    /**
     * {@code candles:btc:1m:<from>:<to>:<limit>:<source>:<quote>:<before>}: a page of a pinned series ({@code *} for
     * what is not pinned); {@code before} is the page's end from a cursor.
     */
    public static CacheKey candles(String symbol, String interval, long fromEpochSecond, long toEpochSecond, int limit,
                                   String source, String quote, String before) {
        return key(CacheType.CANDLES, symbol, interval, Long.toString(fromEpochSecond), Long.toString(toEpochSecond),
                Integer.toString(limit), source, quote, before);
    }

    /** {@code indicators:btc:1h:ema50,rsi14,sma20:<to>}. */
    public static CacheKey indicators(String symbol, String interval, Collection<String> names, long toEpochSecond) {
        String sorted = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted().distinct()
                .collect(Collectors.joining(","));
        return key(CacheType.INDICATORS, symbol, interval, sorted, Long.toString(toEpochSecond));
    }

    private static CacheKey key(CacheType type, String... parts) {
        StringBuilder value = new StringBuilder(type.prefix());
        for (String part : parts) {
            value.append(':').append(part.toLowerCase(Locale.ROOT));
        }
        return new CacheKey(type, value.toString());
    }
}
