package io.tickstream.query.reports;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Market reports, {@code tickstream.query.reports.*} (environment: {@code TICKSTREAM_QUERY_REPORTS_*}).
 *
 * @param schedule       generate the daily and weekly reports on schedule (and the missing ones of the last
 *                       {@code catch-up-days} at start), default true
 * @param after          how long after midnight UTC the previous day's (and on Mondays the previous week's)
 *                       reports are generated, default 10 min (late archive entries have landed by then)
 * @param checkEvery     how often the schedule looks for a due report, default 5 min
 * @param catchUpDays    days back the schedule makes sure reports exist for, default 7 (0: only yesterday)
 * @param symbolReports  also generate one report per symbol seen in the period ({@code report:btc:1d:...}), default true
 * @param maxSymbols     most symbols a market report lists, by ticks, default 50
 * @param topMovers      gainers and losers listed, default 5
 * @param warmUpBars     bars read before a period for the indicators (RSI 14, SMA/EMA 20, MACD 26/9 need 35), default 48
 * @param longestAdhoc   longest ad hoc period, default 7 days
 * @param lease          how long a generation lease lasts (an instance that dies frees it after this), default 5 min
 * @param queryTimeout   longest the archive reads of one report may take, default 60 s
 * @param pageSize       reports per page of the list when {@code size} is absent, default 20 (at most 100)
 * @param cacheEntries   rendered pages and PDFs the report cache holds, default 200
 * @param cacheTtl       how long a rendered report stays cached (reports never change), default 24 h
 * @param renderTimeout  longest a page or PDF may take to render, default 30 s
 */
@Validated
@ConfigurationProperties("tickstream.query.reports")
public record ReportProperties(
        @DefaultValue("true") boolean schedule,
        @DefaultValue("10m") Duration after,
        @DefaultValue("5m") Duration checkEvery,
        @DefaultValue("7") @Min(0) @Max(366) int catchUpDays,
        @DefaultValue("true") boolean symbolReports,
        @DefaultValue("50") @Min(1) @Max(500) int maxSymbols,
        @DefaultValue("5") @Min(1) @Max(50) int topMovers,
        @DefaultValue("48") @Min(35) @Max(500) int warmUpBars,
        @DefaultValue("7d") Duration longestAdhoc,
        @DefaultValue("5m") Duration lease,
        @DefaultValue("60s") Duration queryTimeout,
        @DefaultValue("20") @Min(1) @Max(100) int pageSize,
        @DefaultValue("200") @Min(1) @Max(100_000) int cacheEntries,
        @DefaultValue("24h") Duration cacheTtl,
        @DefaultValue("30s") Duration renderTimeout) {
}
