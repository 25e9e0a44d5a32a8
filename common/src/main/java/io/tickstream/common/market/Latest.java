package io.tickstream.common.market;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Bar;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.Trade;

/**
 * The contract rule for "the latest" of a series, the one every consumer applies (the push and query
 * services through {@link MarketProjection}, the query service's shared Redis state in its write script):
 *
 * <blockquote>An event replaces the one held for its series only when its source time is strictly
 * newer. An event with an older or equal source time changes nothing.</blockquote>
 *
 * A series is:
 * <ul>
 *   <li>for a {@link Quote}: its source, symbol and quote currency ({@code consensus} is a source like
 *       any other, so the consensus quote of a symbol is a series of its own);</li>
 *   <li>for a {@link MarketSummary}: its source;</li>
 *   <li>for a {@link SourceHealthChanged}: its source.</li>
 * </ul>
 * Why strictly: replays (from PostgreSQL, a restarted tail, an overlap after a reconnect) and
 * redelivered or late entries never move a live value backwards, and the same entry applied twice is
 * not a change, so REST and WebSocket agree whatever order or number of times an instance saw the
 * entries. Stream order does not matter; only the source time does.
 */
public final class Latest {

    private Latest() {
    }

    /** True when {@code candidate} replaces {@code held} (null: nothing held yet) under the contract rule. */
    public static boolean replaces(MarketEvent candidate, MarketEvent held) {
        return held == null || candidate.meta().sourceTime() > held.meta().sourceTime();
    }

    /**
     * The series {@code event} belongs to, as a key: {@code quote|<source>|<symbol>|<quote>},
     * {@code summary|<source>} or {@code health|<source>}. Two events compete under
     * {@link #replaces} only when their keys are equal.
     */
    public static String series(MarketEvent event) {
        String source = event.meta().source();
        return switch (event) {
            case Quote q -> "quote|" + source + "|" + q.symbol() + "|" + q.quote();
            case MarketSummary s -> "summary|" + source;
            case SourceHealthChanged h -> "health|" + source;
            // every trade is an event of its own: no trade replaces another
            case Trade t -> "trade|" + source + "|" + t.symbol() + "|" + t.quote() + "|" + t.tradeId();
            // every bar is a history entry of its own
            case Bar b -> "bar|" + source + "|" + b.symbol() + "|" + b.quote() + "|" + b.interval() + "|" + b.openTime();
        };
    }
}
