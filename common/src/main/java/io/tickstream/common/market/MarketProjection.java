package io.tickstream.common.market;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.Bar;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.event.Trade;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The market as the streams describe it: the latest quote of every series of every symbol, the latest
 * summary of every source and the latest health transition of every source, each kept under the
 * contract rule of {@link Latest} (strictly newer source time wins, in whatever order entries come).
 * The query and push services each hold one, so REST and WebSocket show the same values; the JSON of
 * it is built by {@link TickerJson}, {@link DashboardJson} and {@link HealthJson}.
 *
 * <p>Thread-safe. Writers of one symbol (or of summaries, or of health) are serialized per key; readers
 * never block and get immutable maps (copy on write: a symbol holds a handful of series, so a write
 * copies a handful of references).
 *
 * <p>A symbol's quotes by source ({@link #quotes}): where one source quotes a symbol in several
 * currencies (e.g. {@code BTC/USDT} and {@code BTC/USDC}), each currency is a series of its own, and
 * the source's entry is the quote with the newest source time among them (the one applied last on a tie).
 */
public final class MarketProjection {

    private final ConcurrentHashMap<String, SymbolQuotes> quotes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MarketSummary> summaries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SourceHealthChanged> health = new ConcurrentHashMap<>();

    /** Applies {@code event} under the rule of {@link Latest}; true when it replaced what was held. */
    public boolean apply(MarketEvent event) {
        return switch (event) {
            case Quote q -> applyQuote(q);
            case MarketSummary s -> replace(summaries, s);
            case SourceHealthChanged h -> replace(health, h);
            // trades are a tape, not a latest state: the projection holds none
            case Trade t -> false;
            // bars are history (a backfill), never the latest state
            case Bar b -> false;
        };
    }

    /**
     * The latest quote per source of {@code symbol}, consensus under {@link Quote#CONSENSUS_SOURCE},
     * in source name order; empty when no quote of it was applied. Immutable.
     */
    public Map<String, Quote> quotes(String symbol) {
        SymbolQuotes held = quotes.get(symbol);
        return held == null ? Map.of() : held.bySource();
    }

    /** True once a quote of {@code symbol} was applied. */
    public boolean knows(String symbol) {
        return quotes.containsKey(symbol);
    }

    /** Every symbol with a quote (a live, unmodifiable view). */
    public Set<String> symbols() {
        return Collections.unmodifiableSet(quotes.keySet());
    }

    /** The latest summary per source. Immutable copy. */
    public Map<String, MarketSummary> summaries() {
        return Map.copyOf(summaries);
    }

    /** The latest health transition per source. Immutable copy. */
    public Map<String, SourceHealthChanged> health() {
        return Map.copyOf(health);
    }

    /**
     * Forgets part of what is held (the Redis holding some streams lost their data): the quotes of the
     * symbols {@code symbols} accepts, and the summaries and the health transitions when asked.
     */
    public void forget(java.util.function.Predicate<String> symbols, boolean summaries, boolean health) {
        quotes.keySet().removeIf(symbols);
        if (summaries) {
            this.summaries.clear();
        }
        if (health) {
            this.health.clear();
        }
    }

    /** Forgets everything (e.g. Redis lost its data and the streams start over). */
    public void clear() {
        quotes.clear();
        summaries.clear();
        health.clear();
    }

    private boolean applyQuote(Quote q) {
        boolean[] changed = {false};
        quotes.compute(q.symbol(), (symbol, held) -> {
            SymbolQuotes next = (held == null ? SymbolQuotes.EMPTY : held).with(q);
            changed[0] = next != held;
            return next;
        });
        return changed[0];
    }

    private static <T extends MarketEvent> boolean replace(ConcurrentHashMap<String, T> bySource, T event) {
        boolean[] changed = {false};
        bySource.compute(event.meta().source(), (source, held) -> {
            if (!Latest.replaces(event, held)) {
                return held;
            }
            changed[0] = true;
            return event;
        });
        return changed[0];
    }

    /**
     * One symbol's quotes, never changed once built.
     *
     * @param bySeries key {@code <source>|<quote currency>}
     * @param bySource the newest of each source's series, in source name order
     */
    private record SymbolQuotes(Map<String, Quote> bySeries, Map<String, Quote> bySource) {

        static final SymbolQuotes EMPTY = new SymbolQuotes(Map.of(), Collections.emptySortedMap());

        /** This with {@code q} applied; {@code this} itself when {@code q} does not replace its series' quote. */
        SymbolQuotes with(Quote q) {
            String source = q.meta().source();
            String series = source + "|" + q.quote();
            if (!Latest.replaces(q, bySeries.get(series))) {
                return this;
            }
            Map<String, Quote> nextSeries = new HashMap<>(bySeries);
            nextSeries.put(series, q);
            Map<String, Quote> nextSource = bySource;
            Quote shown = bySource.get(source);
            if (shown == null || q.meta().sourceTime() >= shown.meta().sourceTime()) {
                TreeMap<String, Quote> copy = new TreeMap<>(bySource);
                copy.put(source, q);
                nextSource = Collections.unmodifiableSortedMap(copy);
            }
            return new SymbolQuotes(Map.copyOf(nextSeries), nextSource);
        }
    }
}
