package io.tickstream.query.reports;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** A report's kind and period [start, end), UTC. */
public record ReportPeriod(ReportKind kind, Instant start, Instant end) {

    public ReportPeriod {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a report period must end after it starts");
        }
    }

    public static ReportPeriod day(LocalDate day) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        return new ReportPeriod(ReportKind.DAILY, start, start.plus(1, ChronoUnit.DAYS));
    }

    /** The week (Monday to Monday) that holds {@code day}. */
    public static ReportPeriod weekOf(LocalDate day) {
        Instant start = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new ReportPeriod(ReportKind.WEEKLY, start, start.plus(7, ChronoUnit.DAYS));
    }

    /** An ad hoc range, whole seconds, at most {@code longest}. */
    public static ReportPeriod adhoc(Instant from, Instant to, Duration longest) {
        Instant start = from.truncatedTo(ChronoUnit.SECONDS);
        Instant end = to.truncatedTo(ChronoUnit.SECONDS);
        if (Duration.between(start, end).compareTo(longest) > 0) {
            throw new IllegalArgumentException("an ad hoc report spans at most " + longest.toHours() + " h");
        }
        return new ReportPeriod(ReportKind.ADHOC, start, end);
    }

    /** Periods up to this long are drawn and measured in 5-minute bars, longer ones in hourly bars. */
    static final Duration SHORT = Duration.ofHours(6);

    /** The width of the period's bars: 5 minutes for a period of 6 hours or less, else 1 hour. */
    public Duration bar() {
        return Duration.between(start, end).compareTo(SHORT) <= 0 ? Duration.ofMinutes(5) : Duration.ofHours(1);
    }

    /** The canonical key: {@code report:<scope>:<kind>:<start>} (days by date, ad hoc by its range). */
    public String key(ReportScope scope) {
        String when = switch (kind) {
            case DAILY, WEEKLY -> start.atOffset(ZoneOffset.UTC).toLocalDate().toString();
            case ADHOC -> start.getEpochSecond() + "-" + end.getEpochSecond();
        };
        return "report:" + scope.name() + ":" + kind.code() + ":" + when;
    }
}
