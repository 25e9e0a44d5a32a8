package io.tickstream.ingest.source;

import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

/**
 * A source's history API for 1-minute bars. One page covers at most {@link #page()} of time; the backfill
 * walks a symbol's range page by page, oldest first, inside the source's request budget (the source's HTTP
 * client draws on the same throttle as its poll).
 */
public interface HistorySource {

    /** The source name the bars carry. */
    String source();

    /** The quote currency this source is asked in. */
    String quote();

    /** The longest time range one call returns at 1-minute resolution. */
    Duration page();

    /** How far back the source serves 1-minute bars at all (Kraken: the last 720); empty: no limit. */
    default Duration reach() {
        return Duration.ofDays(3650);
    }

    /**
     * The closed 1-minute bars of {@code symbol} with an open time in [{@code from}, {@code to}), oldest first.
     * Fails with the source's call exceptions (a 429 as {@code RateLimited}).
     */
    Mono<List<BarObservation>> bars(String symbol, long from, long to);
}
