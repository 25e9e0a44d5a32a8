package io.tickstream.common.market;

import io.tickstream.common.event.MarketSummary;
import io.tickstream.common.event.Quote;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How fresh the market a {@link MarketProjection} holds is: the age of each symbol's newest quote (any
 * source, consensus included) and of the newest market summary (any source), each measured from its
 * source time, against a bound. The query and push services report it in their {@code freshness}
 * health component, so "is the data fresh?" has the same answer over REST and WebSocket.
 *
 * @param quoteMaxAge   a symbol whose newest quote is older than this is stale
 * @param summaryMaxAge the summary is stale when its newest source time is older than this
 */
public record MarketFreshness(Duration quoteMaxAge, Duration summaryMaxAge) {

    public MarketFreshness {
        Objects.requireNonNull(quoteMaxAge, "quoteMaxAge");
        Objects.requireNonNull(summaryMaxAge, "summaryMaxAge");
    }

    /** The freshness of {@code projection} at {@code nowMs} (epoch ms). */
    public Report assess(MarketProjection projection, long nowMs) {
        Map<String, Long> symbolAges = new TreeMap<>();
        for (String symbol : projection.symbols()) {
            long newest = projection.quotes(symbol).values().stream()
                    .mapToLong((Quote q) -> q.meta().sourceTime()).max().orElse(-1);
            if (newest >= 0) {
                symbolAges.put(symbol, Math.max(0, nowMs - newest));
            }
        }
        long newestSummary = projection.summaries().values().stream()
                .mapToLong((MarketSummary s) -> s.meta().sourceTime()).max().orElse(-1);
        Long summaryAge = newestSummary < 0 ? null : Math.max(0, nowMs - newestSummary);
        List<String> stale = symbolAges.entrySet().stream()
                .filter(e -> e.getValue() > quoteMaxAge.toMillis()).map(Map.Entry::getKey).toList();
        boolean summaryStale = summaryAge != null && summaryAge > summaryMaxAge.toMillis();
        return new Report(symbolAges, summaryAge, stale, summaryStale, this);
    }

    /**
     * One assessment.
     *
     * @param symbolAgesMs  age in ms of each symbol's newest quote, by symbol
     * @param summaryAgeMs  age in ms of the newest summary; null when no summary is held
     * @param staleSymbols  the symbols past {@link #quoteMaxAge}, in symbol order
     * @param summaryStale  whether the summary is past {@link #summaryMaxAge}
     * @param bounds        the bounds it was assessed against
     */
    public record Report(Map<String, Long> symbolAgesMs, Long summaryAgeMs, List<String> staleSymbols,
                         boolean summaryStale, MarketFreshness bounds) {

        /** True when something held is older than its bound. Nothing held yet is not stale: see {@link #empty}. */
        public boolean stale() {
            return !staleSymbols.isEmpty() || summaryStale;
        }

        /** True when neither a quote nor a summary is held (a service just started, or nothing is published). */
        public boolean empty() {
            return symbolAgesMs.isEmpty() && summaryAgeMs == null;
        }

        /**
         * The report as health details: {@code stale} (names: symbols, and {@code summary}),
         * {@code quoteMaxAgeMs}, {@code summaryMaxAgeMs}, {@code summaryAgeMs} (when held) and
         * {@code symbolAgesMs} by symbol.
         */
        public Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            List<String> names = new java.util.ArrayList<>(staleSymbols);
            if (summaryStale) {
                names.add("summary");
            }
            details.put("stale", List.copyOf(names));
            details.put("quoteMaxAgeMs", bounds.quoteMaxAge().toMillis());
            details.put("summaryMaxAgeMs", bounds.summaryMaxAge().toMillis());
            if (summaryAgeMs != null) {
                details.put("summaryAgeMs", summaryAgeMs);
            }
            details.put("symbolAgesMs", symbolAgesMs);
            return details;
        }
    }
}
