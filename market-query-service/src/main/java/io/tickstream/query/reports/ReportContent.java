package io.tickstream.query.reports;

import java.util.List;

/**
 * What a market report says about its period, as stored (JSON in {@code market_reports.content}) and
 * served. Decimals are strings (exact), times ISO-8601 UTC. Format version {@link #FORMAT_VERSION}.
 *
 * @param market  the market summary: total cap, 24h volume, BTC dominance, fear &amp; greed, and their change
 * @param gainers the symbols that rose most over the period (at most {@code tickstream.query.reports.top-movers})
 * @param losers  the symbols that fell most
 * @param symbols per symbol: open, high, low, close, change, volume, volatility and bars (charts)
 * @param signals indicator events of the period on bar closes (RSI zones, SMA/EMA crossings, MACD crossings), by time
 * @param spreads per symbol: the largest spread across sources and the source furthest from the consensus
 * @param sources per source: uptime, rate-limited intervals, stale quotes
 */
public record ReportContent(MarketSection market, List<Mover> gainers, List<Mover> losers, List<SymbolSection> symbols,
                            List<Signal> signals, List<SpreadSection> spreads, List<SourceQuality> sources) {

    /** Version of this JSON shape, stored beside it. */
    public static final int FORMAT_VERSION = 1;

    /**
     * The market summary over the period, first and last value of each figure.
     *
     * @param fearGreedLabel the label of the last fear &amp; greed value (e.g. {@code Greed}), null without one
     */
    public record MarketSection(Figure totalMarketCapUsd, Figure totalVolumeUsd, Figure btcDominancePct,
                                Figure fearGreed, String fearGreedLabel) {
    }

    /**
     * One figure's first and last value in the period; all null when the archive has none.
     *
     * @param change    last − first (for dominance: percentage points; fear &amp; greed: points)
     * @param changePct change relative to the first value, in %, 2 decimals; null when the first is zero
     */
    public record Figure(String open, String close, String change, String changePct) {
    }

    /** A top gainer or loser: change over the period in %, and its close. */
    public record Mover(String symbol, String changePct, String close) {
    }

    /**
     * One symbol over the period, from one source's quotes (consensus first, as candles are).
     *
     * @param volume24h     the source's 24 h volume (quote currency) at the last quote, null when not given
     * @param volatilityPct sample standard deviation of the bar-to-bar close returns, in %, 4 decimals;
     *                      null with fewer than 3 closes
     * @param ticks         how many quotes the period holds
     * @param bars          bars of the period, oldest first (the charts): hourly, 5-minute for a period of 6 h or less
     */
    public record SymbolSection(String symbol, String source, String open, String high, String low, String close,
                                String changePct, String volume24h, String volatilityPct, long ticks, List<Bar> bars) {
    }

    /** One bar ({@link ReportPeriod#bar()} wide): OHLC and the 24 h volume the source gave at the bar's last quote (null when none). */
    public record Bar(String time, String open, String high, String low, String close, String volume24h) {
    }

    /**
     * An indicator event on a bar close of the period.
     *
     * @param type  what happened ({@link SignalType})
     * @param value the indicator's value at that close (RSI; SMA/EMA; MACD line), 4 decimals
     * @param price the close
     */
    public record Signal(String symbol, String time, SignalType type, String value, String price) {
    }

    /**
     * The cross-source picture of one symbol (minute buckets, each source's last non-stale price in it).
     *
     * @param maxSpreadPct     the largest (high − low) / low across sources in one minute, in %, 4 decimals
     * @param at               that minute
     * @param deviatingSource  the source furthest from the consensus on average, null without consensus quotes
     * @param deviationPct     its mean absolute deviation from the consensus, in %, 4 decimals
     */
    public record SpreadSection(String symbol, String maxSpreadPct, String at, String lowSource, String lowPrice,
                                String highSource, String highPrice, String deviatingSource, String deviationPct) {
    }

    /**
     * The data-quality picture of one source.
     *
     * @param uptimePct   share of the period the source was {@code up}, in %, 2 decimals; null when its state is unknown
     * @param rateLimited the intervals it was {@code rate_limited}, clipped to the period
     * @param quotes      quotes it gave in the period
     * @param staleQuotes of which flagged stale (older than the source's max age)
     */
    public record SourceQuality(String source, String uptimePct, List<Interval> rateLimited, long quotes,
                                long staleQuotes) {
    }

    /** A time interval, ISO-8601 UTC, end exclusive. */
    public record Interval(String from, String to) {
    }
}
