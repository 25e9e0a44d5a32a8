package io.tickstream.query.reports;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportPeriodTests {

    @Test
    void keysAreCanonicalPerScopeKindAndPeriod() {
        assertThat(ReportPeriod.day(LocalDate.parse("2026-12-06")).key(ReportScope.parse("XBT")))
                .isEqualTo("report:btc:1d:2026-12-06");
        assertThat(ReportPeriod.weekOf(LocalDate.parse("2026-12-06")).key(ReportScope.MARKET))
                .isEqualTo("report:market:1w:2026-11-30");
        assertThat(ReportPeriod.adhoc(Instant.parse("2026-12-06T10:00:30Z"), Instant.parse("2026-12-06T11:00:59Z"), Duration.ofDays(7))
                .key(ReportScope.MARKET)).isEqualTo("report:market:adhoc:1796551230-1796554859");
    }

    @Test
    void aWeekRunsFromMondayToMondayAndAdhocIsBounded() {
        ReportPeriod week = ReportPeriod.weekOf(LocalDate.parse("2026-12-02"));
        assertThat(week.start()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(week.end()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        assertThatThrownBy(() -> ReportPeriod.adhoc(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-09T00:00:00Z"),
                Duration.ofDays(7))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReportScope.parse("not a symbol!")).isInstanceOf(IllegalArgumentException.class);
        // short periods are drawn and measured in 5-minute bars, others hourly
        assertThat(ReportPeriod.adhoc(Instant.parse("2026-12-06T10:00:00Z"), Instant.parse("2026-12-06T16:00:00Z"), Duration.ofDays(7))
                .bar()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ReportPeriod.adhoc(Instant.parse("2026-12-06T10:00:00Z"), Instant.parse("2026-12-06T16:00:01Z"), Duration.ofDays(7))
                .bar()).isEqualTo(Duration.ofHours(1));
        assertThat(ReportPeriod.day(LocalDate.parse("2026-12-06")).bar()).isEqualTo(Duration.ofHours(1));
    }
}
