package io.tickstream.ingest.source;

import java.util.List;

/**
 * What one poll of a source returned.
 *
 * @param quotes         quotes read, not yet validated
 * @param summaries      global market figures read, not yet validated
 * @param unknownSymbols tracked symbols the source does not list (logged and counted, not an error)
 */
public record SourceSnapshot(List<QuoteObservation> quotes, List<SummaryObservation> summaries,
        List<String> unknownSymbols) {

    public SourceSnapshot {
        quotes = List.copyOf(quotes);
        summaries = List.copyOf(summaries);
        unknownSymbols = List.copyOf(unknownSymbols);
    }

    public static SourceSnapshot ofQuotes(List<QuoteObservation> quotes, List<String> unknownSymbols) {
        return new SourceSnapshot(quotes, List.of(), unknownSymbols);
    }

    public static SourceSnapshot ofSummary(SummaryObservation summary) {
        return new SourceSnapshot(List.of(), List.of(summary), List.of());
    }

    /** This snapshot and {@code other} together. */
    public SourceSnapshot plus(SourceSnapshot other) {
        return new SourceSnapshot(concat(quotes, other.quotes), concat(summaries, other.summaries),
                concat(unknownSymbols, other.unknownSymbols));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
