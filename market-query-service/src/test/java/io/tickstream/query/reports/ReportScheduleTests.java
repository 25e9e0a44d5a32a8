package io.tickstream.query.reports;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class ReportScheduleTests {

    static ReportProperties properties(int catchUpDays) {
        return new ReportProperties(true, Duration.ofMinutes(10), Duration.ofMinutes(5), catchUpDays, true, 50, 5,
                48, Duration.ofDays(7), Duration.ofMinutes(5), Duration.ofSeconds(60), 20, 200,
                Duration.ofHours(24), Duration.ofSeconds(30));
    }

    static ReportSchedule schedule(int catchUpDays) {
        return new ReportSchedule(null, null, null, properties(catchUpDays), null);
    }

    @Test
    void yesterdayIsDueTenMinutesAfterMidnightAndNotBefore() {
        assertThat(schedule(0).due(Instant.parse("2026-12-08T00:09:59Z"))).isEmpty();
        assertThat(schedule(0).due(Instant.parse("2026-12-08T00:10:00Z")))
                .containsExactly(ReportPeriod.day(LocalDate.parse("2026-12-07")));
    }

    @Test
    void theCatchUpWindowHoldsEveryDayAndTheWeeksThatEndedInIt() {
        // Tuesday 2026-12-08: the week of Monday 2026-11-30 ended on Monday's midnight
        assertThat(schedule(7).due(Instant.parse("2026-12-08T12:00:00Z"))).containsExactly(
                ReportPeriod.day(LocalDate.parse("2026-12-01")), ReportPeriod.day(LocalDate.parse("2026-12-02")),
                ReportPeriod.day(LocalDate.parse("2026-12-03")), ReportPeriod.day(LocalDate.parse("2026-12-04")),
                ReportPeriod.day(LocalDate.parse("2026-12-05")), ReportPeriod.day(LocalDate.parse("2026-12-06")),
                ReportPeriod.weekOf(LocalDate.parse("2026-11-30")), ReportPeriod.day(LocalDate.parse("2026-12-07")));
    }
}
