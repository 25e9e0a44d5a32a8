package io.tickstream.push.channel;

import io.tickstream.common.event.Bar;
import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.Trade;
import io.tickstream.common.symbol.Symbols;

/**
 * The channels clients subscribe to: {@code ticker:<SYMBOL>} (canonical symbol, e.g.
 * {@code ticker:BTC}), {@code trades:<SYMBOL>} (the symbol's trade tape), {@code candles:<SYMBOL>:<interval>}
 * (the symbol's live consensus candle, interval {@code 1m}, {@code 5m}, {@code 15m}, {@code 1h}, {@code 4h} or
 * {@code 1d}), {@code dashboard} and {@code health}; and which channel a stream event changes.
 */
public final class ChannelNames {

    public static final String TICKER_PREFIX = "ticker:";
    public static final String DASHBOARD = "dashboard";
    public static final String HEALTH = "health";
    /** Prefix of the trade tape channels, {@code trades:<SYMBOL>}. */
    public static final String TRADES_PREFIX = "trades:";
    /** Prefix of the live candle channels, {@code candles:<SYMBOL>:<interval>}. */
    public static final String CANDLES_PREFIX = "candles:";

    private ChannelNames() {
    }

    /** True for a channel a client may subscribe to. */
    public static boolean isValid(String name) {
        if (name == null) {
            return false;
        }
        if (name.equals(DASHBOARD) || name.equals(HEALTH)) {
            return true;
        }
        return name.startsWith(TICKER_PREFIX) && Symbols.isCanonical(name.substring(TICKER_PREFIX.length()))
                || isTrades(name) && Symbols.isCanonical(symbolOf(name))
                || isCandles(name) && name.indexOf(':', CANDLES_PREFIX.length()) > 0
                && Symbols.isCanonical(symbolOf(name)) && LiveCandle.INTERVALS.contains(intervalOf(name));
    }

    /** True for a name of the live candle form {@code candles:…} (valid or not). */
    public static boolean isCandles(String name) {
        return name.startsWith(CANDLES_PREFIX);
    }

    /** The live candle channel of {@code symbol} and {@code interval}. */
    public static String candles(String symbol, String interval) {
        return CANDLES_PREFIX + symbol + ":" + interval;
    }

    /** The interval of a {@code candles:<S>:<interval>} channel. */
    static String intervalOf(String name) {
        return name.substring(name.lastIndexOf(':') + 1);
    }

    /** True for a name of the trade tape form {@code trades:…} (valid or not). */
    public static boolean isTrades(String name) {
        return name.startsWith(TRADES_PREFIX);
    }

    /** The symbol of a {@code ticker:<S>}, {@code trades:<S>} or {@code candles:<S>:<interval>} channel. */
    public static String symbolOf(String name) {
        int start = name.indexOf(':') + 1;
        int end = isCandles(name) ? name.indexOf(':', start) : -1;
        return end < 0 ? name.substring(start) : name.substring(start, end);
    }

    /**
     * The channel {@code event} changes, null for none (a bar). A consensus quote changes its symbol's live candle
     * channels too ({@link ChannelHub}).
     */
    public static String of(MarketEvent event) {
        return switch (event) {
            case Quote q -> TICKER_PREFIX + q.symbol();
            case MarketSummary s -> DASHBOARD;
            case SourceHealthChanged h -> HEALTH;
            case Trade t -> TRADES_PREFIX + t.symbol();
            case Bar b -> null; // bars are history (the backfill): no channel shows them
        };
    }
}
