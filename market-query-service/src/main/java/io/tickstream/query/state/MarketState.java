package io.tickstream.query.state;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import io.tickstream.common.market.Latest;
import io.tickstream.common.market.MarketFreshness;
import io.tickstream.common.market.MarketProjection;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * This instance's hot market state (its L1 of the stream data): the common {@link MarketProjection}
 * (the one the push service holds too), so the latest quote per symbol and source (consensus
 * included), the latest summary per source and the latest health per source follow the contract rule
 * of {@link Latest}: an event replaces what is held only when its source time is strictly newer, so
 * replays and overlaps are harmless. Fed by the snapshot at start and by this instance's own tail of
 * the streams afterwards; adds change listeners and versions for the REST views.
 */
@Component
public class MarketState {

    private final MarketProjection projection = new MarketProjection();
    private final List<Consumer<String>> quoteListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong summaryVersion = new AtomicLong();
    private final AtomicLong quoteVersion = new AtomicLong();

    /** Applies one event; true when it changed the state. Listeners hear of changed symbols. */
    public boolean apply(MarketEvent event) {
        boolean changed = projection.apply(event);
        if (changed) {
            switch (event) {
                case Quote q -> {
                    quoteVersion.incrementAndGet();
                    quoteListeners.forEach(listener -> listener.accept(q.symbol()));
                }
                case MarketSummary s -> summaryVersion.incrementAndGet();
                default -> {
                }
            }
        }
        return changed;
    }

    /** Calls {@code listener} with the symbol after each quote change. */
    public void onQuoteChange(Consumer<String> listener) {
        quoteListeners.add(listener);
    }

    /**
     * The latest quote per source of {@code symbol} (consensus under {@link Quote#CONSENSUS_SOURCE}), in
     * source name order; empty when no quote of it was seen.
     */
    public Optional<Map<String, Quote>> quotes(String symbol) {
        Map<String, Quote> bySource = projection.quotes(symbol);
        return bySource.isEmpty() ? Optional.empty() : Optional.of(bySource);
    }

    public boolean knows(String symbol) {
        return projection.knows(symbol);
    }

    public Set<String> symbols() {
        return projection.symbols();
    }

    public Collection<MarketSummary> summaries() {
        return projection.summaries().values();
    }

    public Map<String, SourceHealthChanged> health() {
        return projection.health();
    }

    /** How fresh the held quotes and summaries are at {@code nowMs} against {@code bounds}. */
    public MarketFreshness.Report freshness(MarketFreshness bounds, long nowMs) {
        return bounds.assess(projection, nowMs);
    }

    /** Grows with every summary change: lets a caller wait for a fresh one. */
    public long summaryVersion() {
        return summaryVersion.get();
    }

    /** Grows with every quote change. */
    public long quoteVersion() {
        return quoteVersion.get();
    }
}
