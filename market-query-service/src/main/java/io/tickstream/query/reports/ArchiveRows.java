package io.tickstream.query.reports;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What report generation reads from the archive, whatever reads it ({@link ReportArchive}): the raw
 * archive today, OHLCV rollups once they exist.
 *
 * @param bars        hourly price bars per symbol, oldest first, from before the period (indicator warm-up) to its end
 * @param volumes     hourly 24 h volumes per symbol (the first source by priority that gives volumes)
 * @param summary     the market summary's first and last figures in the period
 * @param health      source health transitions in the period, and each source's last one before it
 * @param spreads     per symbol, the minute of the largest spread across sources
 * @param deviations  per symbol and source, the mean absolute deviation from the consensus
 * @param quoteCounts per source, quotes and stale quotes in the period
 */
record ArchiveRows(List<HourBar> bars, List<HourVolume> volumes, SummaryFigures summary, List<HealthTransition> health,
                   List<Spread> spreads, List<Deviation> deviations, List<QuoteCount> quoteCounts) {

    record HourBar(String symbol, String source, Instant time, BigDecimal open, BigDecimal high, BigDecimal low,
                   BigDecimal close, long ticks) {
    }

    record HourVolume(String symbol, Instant time, BigDecimal volume24h) {
    }

    /** First and last value of each summary figure in the period (null when none). */
    record SummaryFigures(BigDecimal capOpen, BigDecimal capClose, BigDecimal volumeOpen, BigDecimal volumeClose,
                          BigDecimal btcDominanceOpen, BigDecimal btcDominanceClose, BigDecimal fearGreedOpen,
                          BigDecimal fearGreedClose, String fearGreedLabel) {

        static final SummaryFigures NONE = new SummaryFigures(null, null, null, null, null, null, null, null, null);
    }

    record HealthTransition(String source, String state, String previousState, Instant time) {
    }

    record Spread(String symbol, Instant minute, String lowSource, BigDecimal low, String highSource, BigDecimal high) {
    }

    record Deviation(String symbol, String source, BigDecimal meanAbsPct) {
    }

    record QuoteCount(String source, long quotes, long stale) {
    }
}
