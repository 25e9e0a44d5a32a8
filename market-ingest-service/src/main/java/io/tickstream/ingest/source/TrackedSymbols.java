package io.tickstream.ingest.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The symbols one source is asked for: the tracked ones minus those the source said it does not list,
 * which are remembered until restart, left out of later polls and reported as unknown in every
 * snapshot. Thread-safe.
 */
public final class TrackedSymbols {

    private static final Logger log = LoggerFactory.getLogger(TrackedSymbols.class);

    private final String source;
    private final List<String> symbols;
    private final Set<String> unlisted = ConcurrentHashMap.newKeySet();

    public TrackedSymbols(String source, List<String> symbols) {
        this.source = source;
        this.symbols = List.copyOf(symbols);
    }

    /** The tracked symbols the source has not said it lacks, in tracking order. */
    public List<String> listed() {
        return symbols.stream().filter(symbol -> !unlisted.contains(symbol)).toList();
    }

    /** Remembers that the source does not list {@code symbol} (as it calls it: {@code name}). */
    public void unlist(String symbol, String name) {
        if (unlisted.add(symbol)) {
            log.warn("{} does not list {}; leaving it out until restart", source, name);
        }
    }

    /** The symbols the source said it does not list. */
    public List<String> unlisted() {
        return symbols.stream().filter(unlisted::contains).toList();
    }

    /** A snapshot of {@code quotes}; every tracked symbol without a quote among them is unknown. */
    public SourceSnapshot snapshot(List<QuoteObservation> quotes) {
        List<String> unknown = symbols.stream()
                .filter(symbol -> quotes.stream().noneMatch(q -> q.symbol().equals(symbol)))
                .toList();
        return SourceSnapshot.ofQuotes(quotes, unknown);
    }
}
