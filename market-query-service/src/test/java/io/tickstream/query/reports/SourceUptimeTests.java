package io.tickstream.query.reports;

import io.tickstream.query.reports.ArchiveRows.HealthTransition;
import io.tickstream.query.reports.ArchiveRows.QuoteCount;
import io.tickstream.query.reports.ReportContent.Interval;
import io.tickstream.query.reports.ReportContent.SourceQuality;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SourceUptimeTests {

    static final ReportPeriod DAY = ReportPeriod.day(LocalDate.parse("2026-11-02"));

    static Instant at(String time) {
        return Instant.parse("2026-11-02T" + time + "Z");
    }

    @Test
    void uptimeAndRateLimitedIntervalsFromTransitionsBeforeAndInThePeriod() {
        List<HealthTransition> transitions = List.of(
                new HealthTransition("binance", "up", "down", Instant.parse("2026-11-01T12:00:00Z")),
                new HealthTransition("binance", "rate_limited", "up", at("06:00:00")),
                new HealthTransition("binance", "up", "rate_limited", at("07:30:00")),
                new HealthTransition("kraken", "degraded", "up", at("12:00:00")));
        List<QuoteCount> counts = List.of(new QuoteCount("binance", 10, 0), new QuoteCount("kraken", 4, 1),
                new QuoteCount("consensus", 8, 0), new QuoteCount("coinbase", 3, 0));

        List<SourceQuality> quality = SourceUptime.of(DAY, transitions, counts);

        assertThat(quality).containsExactly(
                new SourceQuality("binance", "93.75", List.of(new Interval("2026-11-02T06:00:00Z", "2026-11-02T07:30:00Z")), 10, 0),
                // quotes and no transition at all: up throughout
                new SourceQuality("coinbase", "100", List.of(), 3, 0),
                // its first transition says what it was before: up until noon
                new SourceQuality("kraken", "50", List.of(), 4, 1));
    }

    @Test
    void aSourceWithNeitherQuotesNorTransitionsIsNotListedAndOneRateLimitedAtTheEndIsClipped() {
        List<SourceQuality> quality = SourceUptime.of(DAY,
                List.of(new HealthTransition("coingecko", "rate_limited", "up", at("18:00:00"))), List.of());
        assertThat(quality).containsExactly(new SourceQuality("coingecko", "75",
                List.of(new Interval("2026-11-02T18:00:00Z", "2026-11-03T00:00:00Z")), 0, 0));
    }
}
