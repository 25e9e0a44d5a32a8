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
 * {@code ticker:BTC}), {@code trades:<SYMBOL>} (the symbol's trade tape), {@code dashboard} and
 * {@code health}; and which channel a stream event changes.
 */
public final class ChannelNames {

    public static final String TICKER_PREFIX = "ticker:";
    public static final String DASHBOARD = "dashboard";
    public static final String HEALTH = "health";
    /** Prefix of the trade tape channels, {@code trades:<SYMBOL>}. */
    public static final String TRADES_PREFIX = "trades:";

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
                || isTrades(name) && Symbols.isCanonical(symbolOf(name));
    }

    /** True for a name of the trade tape form {@code trades:…} (valid or not). */
    public static boolean isTrades(String name) {
        return name.startsWith(TRADES_PREFIX);
    }

    /** The symbol of a {@code ticker:<S>} or {@code trades:<S>} channel. */
    public static String symbolOf(String name) {
        return name.substring(name.indexOf(':') + 1);
    }

    /** The channel {@code event} changes. */
    public static String of(MarketEvent event) {
        return switch (event) {
            case Quote q -> TICKER_PREFIX + q.symbol();
            case MarketSummary s -> DASHBOARD;
            case SourceHealthChanged h -> HEALTH;
            case Trade t -> TRADES_PREFIX + t.symbol();
            // this service tails no bar stream: a backfill's history reaches clients as candles, not as bars
            case Bar b -> throw new IllegalArgumentException("bars are not pushed: " + b.meta().id());
        };
    }
}
