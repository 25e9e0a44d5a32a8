package io.tickstream.query.state;

import io.tickstream.common.event.MarketEvent;
import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;
import io.tickstream.common.event.SourceHealthChanged;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * This instance's hot market state (its L1 of the stream data): the latest quote per symbol and
 * source (consensus included), the latest summary per source and the latest health per source.
 * Fed by the snapshot at start and by this instance's own tail of the streams afterwards; an event
 * replaces what is held only when its source time is not older, so replays and overlaps are harmless.
 */
@Component
public class MarketState {

    private final Map<String, Map<String, Quote>> quotes = new ConcurrentHashMap<>();
    private final Map<String, MarketSummary> summaries = new ConcurrentHashMap<>();
    private final Map<String, SourceHealthChanged> health = new ConcurrentHashMap<>();
    private final List<Consumer<String>> quoteListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong summaryVersion = new AtomicLong();
    private final AtomicLong quoteVersion = new AtomicLong();

    /** Applies one event; true when it changed the state. Listeners hear of changed symbols. */
    public boolean apply(MarketEvent event) {
        return switch (event) {
            case Quote q -> applyQuote(q);
            case MarketSummary s -> applySummary(s);
            case SourceHealthChanged h -> newer(health, h.meta().source(), h, SourceHealthChanged::meta);
        };
    }

    /** Calls {@code listener} with the symbol after each quote change. */
    public void onQuoteChange(Consumer<String> listener) {
        quoteListeners.add(listener);
    }

    /** The latest quote per source of {@code symbol} (consensus under {@link Quote#CONSENSUS_SOURCE}). */
    public Optional<Map<String, Quote>> quotes(String symbol) {
        return Optional.ofNullable(quotes.get(symbol));
    }

    public boolean knows(String symbol) {
        return quotes.containsKey(symbol);
    }

    public Set<String> symbols() {
        return quotes.keySet();
    }

    public Collection<MarketSummary> summaries() {
        return summaries.values();
    }

    public Map<String, SourceHealthChanged> health() {
        return Map.copyOf(health);
    }

    /** Grows with every summary change: lets a caller wait for a fresh one. */
    public long summaryVersion() {
        return summaryVersion.get();
    }

    /** Grows with every quote change. */
    public long quoteVersion() {
        return quoteVersion.get();
    }

    private boolean applyQuote(Quote q) {
        boolean[] changed = {false};
        quotes.compute(q.symbol(), (symbol, bySource) -> {
            Quote held = bySource == null ? null : bySource.get(q.meta().source());
            if (held != null && held.meta().sourceTime() > q.meta().sourceTime()) {
                return bySource;
            }
            changed[0] = !q.equals(held);
            // copy on write: readers iterate a map nobody changes
            Map<String, Quote> next = bySource == null ? new HashMap<>() : new HashMap<>(bySource);
            next.put(q.meta().source(), q);
            return Map.copyOf(next);
        });
        if (changed[0]) {
            quoteVersion.incrementAndGet();
            quoteListeners.forEach(listener -> listener.accept(q.symbol()));
        }
        return changed[0];
    }

    private boolean applySummary(MarketSummary s) {
        boolean changed = newer(summaries, s.meta().source(), s, MarketSummary::meta);
        if (changed) {
            summaryVersion.incrementAndGet();
        }
        return changed;
    }

    private static <T> boolean newer(Map<String, T> map, String key, T value,
                                     java.util.function.Function<T, io.tickstream.common.event.EventMeta> meta) {
        boolean[] changed = {false};
        map.compute(key, (k, held) -> {
            if (held != null && meta.apply(held).sourceTime() > meta.apply(value).sourceTime()) {
                return held;
            }
            changed[0] = !value.equals(held);
            return value;
        });
        return changed[0];
    }
}
